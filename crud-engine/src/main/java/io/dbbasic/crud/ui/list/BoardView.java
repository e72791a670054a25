package io.dbbasic.crud.ui.list;

import io.dbbasic.crud.ui.Cell;
import java.util.List;

/**
 * The kanban board ({@code ui/list/board.html}): a column per value of {@code field}. A card's {@code moves}
 * are the values the workflow lets it move to (every other value when there is no workflow); dragging it to
 * another column asks the API, which has the last word.
 */
public record BoardView(String resource, String title, String description, String field, String fieldLabel, String apiUrl,
                        String tableUrl, String newUrl, String boardUrl, List<Column> columns) {

    public record Column(String value, String badgeClass, long total, List<Card> cards, String moreUrl) {}

    public record Card(long id, String url, String title, String version, boolean movable, String moves, List<Move> moveList, List<Detail> details) {}

    public record Move(String value, String label) {}

    public record Detail(String label, Cell cell) {}
}
