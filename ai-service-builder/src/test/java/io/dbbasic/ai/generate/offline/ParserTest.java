package io.dbbasic.ai.generate.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.dbbasic.ai.models.Catalog;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The clause grammar: what each way of saying a rule becomes. */
class ParserTest {
    private static final Catalog.ResourceInfo POSTS = new Catalog.ResourceInfo("posts", List.of(
            new Catalog.FieldInfo("id", "primary_key", List.of()), new Catalog.FieldInfo("title", "string", List.of()),
            new Catalog.FieldInfo("slug", "string", List.of()), new Catalog.FieldInfo("body", "text", List.of()),
            new Catalog.FieldInfo("status", "select", List.of("draft", "published", "archived"))), Map.of(), List.of());

    private static List<String> understood(Catalog.ResourceInfo resource, String description) {
        var result = new Parser(resource).parse(description);
        assertThat(result.unclear()).as("unclear").isEmpty();
        return result.rules().stream().map(Rule::describe).toList();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Generate a slug from the title.                                   | set slug to a slug of title when slug is empty
            Trim the title, the slug and the body.                            | trim title; trim slug; trim body
            Make the title title case.                                        | title title
            Default status to draft.                                          | set status to "draft" when it is empty
            Set total to quantity times unit price, rounded to 2 decimals.    | set total to (quantity * unit_price) rounded to 2 decimals
            Total is subtotal minus discount plus 4.99.                       | set total to ((subtotal - discount) + 4.99)
            Set tax to 8% of subtotal.                                        | set tax to (0.08 * subtotal)
            Apply a 10% discount when subtotal is over 100.                   | set discount to (subtotal * 0.10) rounded to 2 decimals when subtotal is over 100
            Phone is required if contact_method is phone.                     | phone is required when contact_method is "phone"
            Quantity must be between 1 and 100.                               | quantity must be between 1 and 100
            Price must not be negative.                                       | price must be at least 0
            End_date must be on or after start_date.                          | end_date must be on or after start_date
            Reject if total exceeds 5000 and country is not US.               | reject when total is over 5000 and country is not "us" with "rejected because total is over 5000 and country is not "us""
            If status was published, set republished to true.                 | set republished to true when status was "published"
            Once status is archived, it cannot change.                        | status may not change once it is archived
            Status can change from draft to published or archived.            | status may change only draft → published, draft → archived
            Status can change from published to archived or draft.            | status may change only published → archived, published → draft
            """)
    void reads(String description, String expected) {
        assertThat(String.join("; ", understood(null, description))).isEqualTo(expected);
    }

    @Test
    void checks_fields_against_the_resource() {
        var parser = new Parser(POSTS);
        var result = parser.parse("Generate a slug from the headline.");

        assertThat(result.unclear()).hasSize(1);
        assertThat(parser.unknownFields()).contains("headline");
        assertThat(understood(POSTS, "Generate a slug from the title. Lowercase the status.")).hasSize(2);
    }

    @Test
    void merges_transitions_of_one_field() {
        var rules = new Parser(POSTS).parse("Status can only change from draft to published. Status can change from published to archived.").rules();

        assertThat(rules).singleElement().isEqualTo(new Rule.Transition("status", Rule.Guard.ALLOWED, List.of("draft>published", "published>archived")));
    }
}
