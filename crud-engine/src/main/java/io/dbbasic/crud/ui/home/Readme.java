package io.dbbasic.crud.ui.home;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A template's README: its first heading is the title, the first paragraph after it the summary. */
record Readme(Optional<String> title, Optional<String> summary) {
    static Readme of(Path file) {
        if (!Files.isRegularFile(file)) {
            return new Readme(Optional.empty(), Optional.empty());
        }
        try {
            String title = null;
            var summary = new StringBuilder();
            for (var line : Files.readAllLines(file)) {
                var text = line.strip();
                if (title == null) {
                    if (text.startsWith("# ")) {
                        title = text.substring(2).strip();
                    }
                } else if (text.isEmpty() || text.startsWith("#") || text.startsWith("|") || text.startsWith("```")) {
                    if (summary.length() > 0) {
                        break;
                    }
                } else {
                    summary.append(summary.length() == 0 ? "" : " ").append(text);
                }
            }
            return new Readme(Optional.ofNullable(title), summary.length() == 0 ? Optional.empty() : Optional.of(summary.toString()));
        } catch (IOException e) {
            return new Readme(Optional.empty(), Optional.empty());
        }
    }
}
