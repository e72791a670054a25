package io.dbbasic.ai.generate;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises descriptions that ask for something a hook may not do (CONTRACT §6), so that generation
 * refuses them with the reason instead of producing code that the gate would refuse anyway. Both
 * generators go through this first; the gate still checks whatever code comes out.
 */
final class SandboxRequests {
    private record Rule(Pattern pattern, String reason) {}

    private static final List<Rule> RULES = List.of(
            rule("\\b(send|sends|sending|deliver|delivers)\\b[^.]*\\b(e-?mails?|mails?|sms|text messages?|push notifications?)\\b"
                            + "|\\be-?mail (the|a|an|them|him|her)\\b|\\bwebhooks?\\b|\\bhttps?\\b|\\bhttp (request|call)\\b"
                            + "|\\b(call|calls|calling|fetch|fetches|fetching|download|upload|post to|ping)\\b[^.]*\\b(api|url|endpoint|server|service|website|web ?site|webhook)s?\\b"
                            + "|\\bsockets?\\b|\\binternet\\b|\\bnetwork\\b|\\bslack\\b",
                    "the sandbox forbids network access: a hook cannot send mail or call URLs "
                            + "(it can record a notification instead: HookResult.proceed(r).withNotification(to, subject, body))"),
            rule("\\b(read|reads|reading|write|writes|writing|save|saves|open|opens|append|delete|store|stores|log)\\b[^.]*\\b(files?|disk|folder|directory|filesystem|log ?file)\\b"
                            + "|\\bfile ?system\\b|\\bto disk\\b",
                    "the sandbox forbids file access: a hook sees only the record it is given"),
            rule("\\b(run|runs|execute|executes|exec|launch|spawn)\\b[^.]*\\b(commands?|shell|scripts?|programs?|process(es)?|binary)\\b|\\bshell\\b",
                    "the sandbox forbids starting processes"),
            rule("\\b(infinite|endless|never[- ]ending|forever)\\b|\\bsleep\\b|\\bwait (for )?\\d+\\s*(ms|milliseconds?|seconds?|minutes?|hours?)\\b",
                    "the sandbox forbids endless loops and waiting: every call runs under a loop and time budget"),
            rule("\\bthreads?\\b|\\bin the background\\b|\\basynchronous(ly)?\\b|\\bcron\\b|\\bevery \\d+ (seconds?|minutes?|hours?|days?)\\b|\\bschedule[ds]?\\b",
                    "the sandbox forbids threads and scheduling: a hook runs once per write (use an after_ hook for work after the commit)"),
            rule("\\b(query|queries|querying|select from|look up|looks up|lookup|join with)\\b[^.]*\\b(database|table|sql|other records?|records? of)\\b|\\bsql\\b",
                    "the sandbox forbids database access: a hook sees only the record being written and, on update, its previous version"),
            rule("\\b(environment variables?|system propert(y|ies)|exit the (jvm|process)|system\\.exit|reflection|class ?loader)\\b",
                    "the sandbox forbids reaching the JVM or the machine"));

    private SandboxRequests() {}

    private static Rule rule(String regex, String reason) {
        return new Rule(Pattern.compile(regex), reason);
    }

    /** The reason the description cannot be done in the sandbox, if it asks for such a thing. */
    static Optional<String> forbidden(String description) {
        var text = description.toLowerCase(Locale.ROOT);
        return RULES.stream().filter(r -> r.pattern().matcher(text).find()).map(Rule::reason).findFirst();
    }
}
