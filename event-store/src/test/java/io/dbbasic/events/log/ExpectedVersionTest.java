package io.dbbasic.events.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dbbasic.common.errors.BadRequest;
import io.dbbasic.events.model.ExpectedVersion;
import io.dbbasic.events.model.StreamName;
import org.junit.jupiter.api.Test;

class ExpectedVersionTest {
    @Test
    void parses_the_four_forms_and_admits_accordingly() {
        assertThat(ExpectedVersion.parse(null).admits(ExpectedVersion.NO_STREAM)).isTrue();
        assertThat(ExpectedVersion.parse("any").admits(4)).isTrue();
        assertThat(ExpectedVersion.parse("no_stream").admits(ExpectedVersion.NO_STREAM)).isTrue();
        assertThat(ExpectedVersion.parse("no_stream").admits(0)).isFalse();
        assertThat(ExpectedVersion.parse("exists").admits(0)).isTrue();
        assertThat(ExpectedVersion.parse("exists").admits(ExpectedVersion.NO_STREAM)).isFalse();
        assertThat(ExpectedVersion.parse("3").admits(3)).isTrue();
        assertThat(ExpectedVersion.parse("3").admits(2)).isFalse();
        assertThat(ExpectedVersion.parse("3").asJson()).isEqualTo(3L);
        assertThatThrownBy(() -> ExpectedVersion.parse("-1")).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> ExpectedVersion.parse("99999999999999999999")).isInstanceOf(BadRequest.class);
    }

    @Test
    void a_category_is_the_stream_name_up_to_the_first_dash() {
        assertThat(StreamName.of("posts-7").category()).isEqualTo("posts");
        assertThat(StreamName.of("order-line-9").category()).isEqualTo("order");
        assertThat(StreamName.of("settings").category()).isEqualTo("settings");
        assertThatThrownBy(() -> StreamName.of("a b")).isInstanceOf(BadRequest.class);
        assertThatThrownBy(() -> StreamName.of("")).isInstanceOf(BadRequest.class);
    }
}
