package io.dbbasic.common.model;

import java.util.List;
import java.util.Optional;

/** The resources of one app that loaded without errors. */
public record AppModel(List<Resource> resources) {
    public AppModel {
        resources = List.copyOf(resources);
    }

    public Optional<Resource> resource(String name) {
        return resources.stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** The resource that holds the app's accounts ({@code auth: true}), if the app declares one. */
    public Optional<Resource> accountResource() {
        return resources.stream().filter(Resource::auth).findFirst();
    }
}
