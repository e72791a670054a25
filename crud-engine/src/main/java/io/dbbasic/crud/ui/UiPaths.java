package io.dbbasic.crud.ui;

import io.dbbasic.common.model.Resource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The admin UI's URLs (CONTRACT §4 "Admin UI pages"), and query strings built from parameter maps. */
public final class UiPaths {
    private UiPaths() {}

    public static String list(String resource) {
        return "/ui/" + resource;
    }

    public static String record(String resource, Object id) {
        return "/ui/" + resource + "/" + id;
    }

    public static String edit(String resource, Object id) {
        return record(resource, id) + "/edit";
    }

    public static String create(String resource) {
        return "/ui/" + resource + "/new";
    }

    public static String delete(String resource, Object id) {
        return record(resource, id) + "/delete";
    }

    public static String list(Resource resource) {
        return list(resource.name());
    }

    /** {@code path?a=1&b=2}, every name and value URL-encoded; {@code path} alone without parameters. */
    public static String withQuery(String path, Map<String, List<String>> params) {
        var query = new StringJoiner("&");
        params.forEach((name, values) -> values.forEach(value -> query.add(encode(name) + "=" + encode(value))));
        return query.length() == 0 ? path : path + "?" + query;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
