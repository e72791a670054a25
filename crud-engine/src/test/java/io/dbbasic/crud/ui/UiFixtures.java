package io.dbbasic.crud.ui;

import io.dbbasic.testing.Browser;
import java.nio.file.Path;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** YAML and browser steps the admin UI tests share. */
final class UiFixtures {
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    static final String NOTES = """
            resource: notes
            title: Notes
            fields:
              id: {type: primary_key}
              title: {type: string, required: true, max_length: 80, searchable: true, ui: {placeholder: "What is it about?"}}
              body: {type: text, ui: {component: textarea, rows: 4}}
              priority: {type: select, options: [low, high], default: low, ui: {variant: badge, colors: {low: secondary, high: danger}}}
            interface: {list_display: [title, priority], list_filters: [priority]}
            api: {enable_bulk: true, enable_export: true}
            """;

    static final String TASKS = """
            resource: tasks
            title: Tasks
            fields:
              id: {type: primary_key}
              title: {type: string, required: true}
              status: {type: select, options: [todo, doing, done], default: todo, ui: {variant: badge, colors: {todo: secondary, doing: warning, done: success}}}
            workflow:
              field: status
              states:
                todo: {transitions: [doing]}
                doing: {transitions: [todo, done]}
                done: {transitions: [doing]}
            ui: {components: {list: {variant: kanban}}}
            """;

    private UiFixtures() {}

    static WebElement find(Browser browser, String css) {
        return browser.driver().findElement(By.cssSelector(css));
    }

    /** Opens {@code path} without a session, signs in as admin on the login page it is sent to, and waits to be back. */
    static void openAfterLoggingIn(Browser browser, AdminApp app, String path) {
        browser.open(app.url(path));
        browser.await("the login page", d -> d.getCurrentUrl().contains("/login?next="));
        find(browser, "#username").sendKeys("admin");
        find(browser, "#password").sendKeys(AdminApp.ADMIN_PASSWORD);
        find(browser, "form[action='/login'] button[type=submit]").click();
        browser.await("back on " + path, d -> d.getCurrentUrl().endsWith(path));
    }

    static List<WebElement> all(Browser browser, String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    /**
     * Clicks an element after scrolling it to the middle of the window (a button low on a long page may sit
     * below the fold). The scroll is instant: Bootstrap makes the page's scrolling smooth, and a click during
     * the animation lands where the element was.
     */
    static void click(Browser browser, String css) {
        var element = find(browser, css);
        browser.script("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})", element);
        element.click();
    }

    /** The element's visible text, read in one script call (live updates may swap it between two driver calls). */
    static String text(Browser browser, String css) {
        var text = browser.script("var e = document.querySelector(arguments[0]); return e ? e.innerText : null", css);
        if (text == null) {
            throw new AssertionError("no element matches " + css);
        }
        return ((String) text).strip();
    }

    /** Waits until the page's live updates are subscribed, so a change made now is one it must show. */
    static void awaitLive(Browser browser) {
        browser.await("the page is subscribed to live updates", d ->
                "subscribed".equals(browser.script("return document.documentElement.dataset.live")));
    }
}
