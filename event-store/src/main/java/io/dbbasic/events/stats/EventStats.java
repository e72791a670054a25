package io.dbbasic.events.stats;

import io.dbbasic.common.storage.DuckDbFile;
import io.dbbasic.events.log.EventLog;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;

/** Builds {@link Stats} from the log at its current high-water mark. */
public final class EventStats {
    static final int MINUTES = 60;

    private final EventLog log;
    private final StatsRepository repository;
    private final Clock clock;

    public EventStats(EventLog log, DuckDbFile file, Clock clock) {
        this.log = log;
        this.repository = new StatsRepository(file);
        this.clock = clock;
    }

    public Stats current() {
        var highWater = log.head();
        var totals = repository.totals(highWater);
        var thisMinute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        var from = thisMinute.minus(MINUTES - 1, ChronoUnit.MINUTES);
        var counts = repository.perMinute(from, highWater);
        var series = new ArrayList<Stats.Minute>(MINUTES);
        for (int i = 0; i < MINUTES; i++) {
            var minute = from.plus(i, ChronoUnit.MINUTES);
            series.add(new Stats.Minute(minute, counts.getOrDefault(minute, 0L)));
        }
        return new Stats(totals.events(), totals.streams(), highWater, totals.first(), totals.last(),
                counts.getOrDefault(thisMinute, 0L),
                repository.countsBy("type", highWater), repository.countsBy("category", highWater), series);
    }
}
