package io.dbbasic.ai.generate.offline;

import io.dbbasic.ai.models.Catalog;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a description clause by clause into {@link Rule}s. Each clause is matched against a small
 * grammar (one pattern per way of saying a rule; fields, values, conditions and arithmetic are parsed
 * as parts, and field names are checked against the resource). A clause no pattern reads is reported,
 * never guessed at.
 */
final class Parser {
    record Result(List<Rule> rules, List<String> unclear) {}

    private static final String F = "([a-z][a-z0-9_']*(?: [a-z][a-z0-9_']*){0,3}?)";
    private static final String FS = "([a-z][a-z0-9_, ']*?)";
    private static final String N = "(-?\\d+(?:\\.\\d+)?)";
    private static final String V = "(\"q\\d+\"|-?\\d+(?:\\.\\d+)?|true|false|today|now|[a-z][a-z0-9_-]*)";
    private static final String EMPTY = "(?:empty|blank|missing|not set|not given|absent|null)";
    private static final Map<String, String[]> FORMATS = Map.of(
            "email", new String[] {"^[^@\\s]+@[^@\\s]+\\.[A-Za-z]{2,}$", "a valid e-mail address"},
            "url", new String[] {"^https?://[^\\s/$.?#][^\\s]*$", "a valid URL"},
            "phone", new String[] {"^\\+?[0-9][0-9 ()-]{6,}$", "a valid phone number"},
            "zip", new String[] {"^[0-9]{5}(-[0-9]{4})?$", "a valid ZIP code"},
            "hex", new String[] {"^#[0-9a-fA-F]{6}$", "a hex colour like #1a2b3c"},
            "uuid", new String[] {"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", "a valid UUID"},
            "letters", new String[] {"^[A-Za-z]+$", "letters only"},
            "digits", new String[] {"^[0-9]+$", "digits only"},
            "alnum", new String[] {"^[A-Za-z0-9]+$", "letters and digits only"});

    private record Grammar(Pattern pattern, Function<Matcher, Optional<Rule>> build) {}

    private final Catalog.ResourceInfo resource;
    private final List<String> quotes = new ArrayList<>();
    private final List<Grammar> grammar = new ArrayList<>();
    /** Unknown field names met while parsing: told back when nothing else explains a failure. */
    private final List<String> unknownFields = new ArrayList<>();

    Parser(Catalog.ResourceInfo resource) {
        this.resource = resource;
        define();
    }

    Result parse(String description) {
        var text = extractQuotes(description);
        text = text.replaceAll("(?<=\\d),(?=\\d{3}\\b)", "").replaceAll("[$€£](?=\\d)", "").replaceAll("(\\d) ?(?:percent|per cent)", "$1%");
        var rules = new ArrayList<Rule>();
        var unclear = new ArrayList<String>();
        for (var raw : text.split("(?<=[.!?])\\s+|;|\\n+|,? and then |, then ")) {
            var clause = normalise(raw);
            if (clause.isEmpty()) {
                continue;
            }
            var found = clause(clause);
            if (found.isEmpty()) {
                found = split(clause);
            }
            if (found.isEmpty()) {
                unclear.add(restore(raw.strip()));
            } else {
                rules.addAll(found.get());
            }
        }
        return new Result(merge(rules), unclear);
    }

    /** Unknown names that look like fields (one or two words, not grammar words), for the "not understood" reply. */
    List<String> unknownFields() {
        return unknownFields.stream().filter(n -> n.split("_").length <= 2 && !STOP.contains(n) && !GRAMMAR.contains(n)).toList();
    }

    private static final java.util.Set<String> GRAMMAR = java.util.Set.of("first", "last", "them", "its", "empty", "blank", "now", "today");

    /** "Trim the title and lowercase the email": two rules joined by "and". */
    private Optional<List<Rule>> split(String clause) {
        var parts = clause.split(",? and (?=(?:trim|lower|upper|capitali|title|collapse|set|make|generate|create|compute|calculate|count|"
                + "default|round|require|reject|refuse|join|combine|apply|give|add|charge|fill)\\b)|, (?=(?:trim|lower|upper|set|round|require|reject)\\b)");
        if (parts.length < 2) {
            return Optional.empty();
        }
        var rules = new ArrayList<Rule>();
        for (var part : parts) {
            var found = clause(part.strip());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            rules.addAll(found.get());
        }
        return Optional.of(rules);
    }

    private Optional<List<Rule>> clause(String clause) {
        for (var entry : grammar) {
            var m = entry.pattern().matcher(clause);
            if (m.matches()) {
                var rule = entry.build().apply(m);
                if (rule.isPresent()) {
                    return Optional.of(List.of(rule.get()));
                }
            }
        }
        var many = normalizeMany(clause);
        return many;
    }

    /** "Trim the title, the slug and the email" → one rule per field. */
    private Optional<List<Rule>> normalizeMany(String clause) {
        var m = Pattern.compile("^(trim|strip|lower ?-?case|upper ?-?case|capitali[sz]e|title ?-?case|collapse (?:the )?(?:whitespace|spaces) in|"
                + "normali[sz]e (?:the )?(?:whitespace|spaces) in) " + FS + "$").matcher(clause);
        if (!m.matches()) {
            return Optional.empty();
        }
        var op = caseOf(m.group(1));
        var rules = new ArrayList<Rule>();
        for (var phrase : m.group(2).split(",\\s*(?:and\\s+)?|\\s+and\\s+")) {
            var field = field(phrase);
            if (field.isEmpty()) {
                return Optional.empty();
            }
            rules.add(new Rule.Normalize(field.get(), op));
        }
        return Optional.of(rules);
    }

    private static Rule.Case caseOf(String verb) {
        if (verb.startsWith("lower")) {
            return Rule.Case.LOWER;
        }
        if (verb.startsWith("upper")) {
            return Rule.Case.UPPER;
        }
        if (verb.startsWith("capital") || verb.startsWith("title")) {
            return Rule.Case.TITLE;
        }
        if (verb.startsWith("collapse") || verb.startsWith("normali")) {
            return Rule.Case.COLLAPSE;
        }
        return Rule.Case.TRIM;
    }

    private void define() {
        // slugs
        on("^(?:generate|make|create|build|derive|fill|set|compute|fill in) (?:an? |the )?(?:url )?slug(?: field)? (?:from|out of|based on|using) " + F
                        + "( if (?:it is |the slug is |slug is )?" + EMPTY + "| always)?$",
                m -> field(m.group(1)).flatMap(src -> field("slug").map(t -> new Rule.Slug(src, t, !" always".equals(m.group(2))))));
        on("^(?:set|fill) " + F + " (?:to|with|from) (?:an? |the )?slug (?:of|from) " + F + "( if (?:it is )?" + EMPTY + ")?$",
                m -> both(m.group(1), m.group(2)).map(f -> new Rule.Slug(f[1], f[0], m.group(3) != null)));
        on("^slugify " + F + "(?: into " + F + ")?$",
                m -> field(m.group(1)).flatMap(src -> field(m.group(2) == null ? "slug" : m.group(2)).map(t -> new Rule.Slug(src, t, true))));
        // normalisation phrased as "make X lower case"
        on("^(?:make|convert|turn|change) " + F + " (?:to |into )?(lower ?-?case|upper ?-?case|title ?-?case|capitali[sz]ed)$",
                m -> field(m.group(1)).map(f -> new Rule.Normalize(f, caseOf(m.group(2)))));
        on("^(?:remove|strip) (?:leading and trailing |surrounding )?(?:whitespace|spaces) (?:from|of|around) " + F + "$",
                m -> field(m.group(1)).map(f -> new Rule.Normalize(f, Rule.Case.TRIM)));
        // word counts, reading time, excerpts
        on("^(?:count|compute|calculate|store) (?:the )?(?:number of )?words (?:in|of) " + F + "(?: (?:into|as|in|and store (?:it |them )?in|and save (?:it )?(?:in|as)) " + F + ")?$",
                m -> field(m.group(1)).flatMap(src -> field(m.group(2) == null ? "word_count" : m.group(2)).map(t -> new Rule.Count(src, t, null))));
        on("^(?:set|fill) " + F + " (?:to|with) the (?:number of words|word count) (?:in|of) " + F + "$",
                m -> both(m.group(1), m.group(2)).map(f -> new Rule.Count(f[1], f[0], null)));
        on("^(?:set|fill|compute|calculate) " + F + " (?:to|as|with|from) (?:the )?reading time (?:of|for) " + F + "(?: at " + N + " words (?:per|a|each) minute)?$",
                m -> both(m.group(1), m.group(2)).map(f -> new Rule.Count(f[1], f[0], m.group(3) == null ? 200 : new BigDecimal(m.group(3)).intValue())));
        on("^(?:set|fill) " + F + " (?:to|from|with) the first " + N + " (characters|chars|letters|words) of " + F + "( if (?:it is )?" + EMPTY + ")?$",
                m -> both(m.group(1), m.group(4)).map(f -> new Rule.Excerpt(f[1], f[0], new BigDecimal(m.group(2)).intValue(),
                        m.group(3).equals("words"), m.group(5) != null)));
        on("^if " + F + " is " + EMPTY + ",? (?:set|fill) it (?:to|from|with) the first " + N + " (characters|chars|letters|words) of " + F + "$",
                m -> both(m.group(1), m.group(4)).map(f -> new Rule.Excerpt(f[1], f[0], new BigDecimal(m.group(2)).intValue(),
                        m.group(3).equals("words"), true)));
        // joins
        on("^(?:join|combine|concatenate|put together) " + FS + "(?: with (?:a |an )?(space|comma|dash|hyphen|slash|\"q\\d+\"))? (?:into|as|to make|to form) " + F + "$",
                m -> join(m.group(1), m.group(2), m.group(3)));
        // defaults
        on("^(?:default|defaults) " + F + " to " + V + "$", m -> field(m.group(1)).map(f -> new Rule.Assign(f, value(m.group(2)), null, null, null, true)));
        on("^" + F + " defaults to " + V + "$", m -> field(m.group(1)).map(f -> new Rule.Assign(f, value(m.group(2)), null, null, null, true)));
        on("^(?:set|fill) " + F + " to " + V + " (?:if|when) (?:it is |it's |it )?" + EMPTY + "$",
                m -> field(m.group(1)).map(f -> new Rule.Assign(f, value(m.group(2)), null, null, null, true)));
        on("^(?:if|when) " + F + " is " + EMPTY + ",? (?:then )?set it to " + V + "$",
                m -> field(m.group(1)).map(f -> new Rule.Assign(f, value(m.group(2)), null, null, null, true)));
        // discounts and taxes
        on("^(?:apply|give|grant|take) (?:an? )?" + N + "% (?:discount|off)(?: (?:on|of|to|from) " + F + ")?(?: (?:when|if) (.+?))?(?: (?:into|as|stored in|in) " + F + ")?$",
                m -> discount(m.group(1), m.group(2), m.group(3), m.group(4)));
        on("^(?:add|charge|apply|compute|calculate) (?:an? )?" + N + "% (?:sales )?(?:tax|vat)(?: (?:on|to|of|for) " + F + ")?(?: (?:into|as|stored in|in) " + F + ")?$",
                m -> tax(m.group(1), m.group(2), m.group(3)));
        // rounding
        on("^round " + F + " to " + N + " (?:decimal places|decimals|places|digits)$",
                m -> field(m.group(1)).map(f -> new Rule.Assign(f, null, new Expr.Ref(f), new Cond.Empty(f, false), new BigDecimal(m.group(2)).intValue(), false)));
        on("^round " + F + " to (?:the nearest )?(cent|cents|whole number|integer)$",
                m -> field(m.group(1)).map(f -> new Rule.Assign(f, null, new Expr.Ref(f), new Cond.Empty(f, false), m.group(2).startsWith("cent") ? 2 : 0, false)));
        // requirements
        on("^" + F + " (?:is|are) required(?: (?:if|when|whenever) (.+))?$", m -> require(m.group(1), m.group(2)));
        on("^require " + F + "(?: (?:if|when|whenever) (.+))?$", m -> require(m.group(1), m.group(2)));
        on("^(?:if|when) (.+?),? (?:then )?" + F + " (?:is|are) required$", m -> require(m.group(2), m.group(1)));
        on("^" + F + " (?:must|may|can)(?:not| not|'t) be " + EMPTY + "$", m -> require(m.group(1), null));
        // ranges and lengths
        on("^" + F + " must be between " + N + " and " + N + "(?: inclusive)?$", m -> range(m.group(1), m.group(2), true, m.group(3), true));
        on("^" + F + " must be (?:at least|no less than|>=|greater than or equal to) " + N + "$", m -> range(m.group(1), m.group(2), true, null, false));
        on("^" + F + " must be (?:greater|more|larger|higher|bigger) than " + N + "$", m -> range(m.group(1), m.group(2), false, null, false));
        on("^" + F + " must be (?:at most|no more than|<=|less than or equal to) " + N + "$", m -> range(m.group(1), null, false, m.group(2), true));
        on("^" + F + " must be (?:less|smaller|lower|fewer) than " + N + "$", m -> range(m.group(1), null, false, m.group(2), false));
        on("^" + F + " (?:must not|cannot|can't|may not|should not) (?:exceed|be (?:more|greater|larger|higher) than) " + N + "$",
                m -> range(m.group(1), null, false, m.group(2), true));
        on("^" + F + " must be positive$", m -> range(m.group(1), "0", false, null, false));
        on("^" + F + " (?:must not|cannot|can't|may not) be negative$", m -> range(m.group(1), "0", true, null, false));
        on("^" + F + " must be (?:at most|no longer than|up to) " + N + " (?:characters|chars|letters)(?: long)?$",
                m -> field(m.group(1)).map(f -> new Rule.Range(f, null, false, new BigDecimal(m.group(2)), true, true)));
        on("^" + F + " must be at least " + N + " (?:characters|chars|letters)(?: long)?$",
                m -> field(m.group(1)).map(f -> new Rule.Range(f, new BigDecimal(m.group(2)), true, null, false, true)));
        // patterns
        on("^" + F + " must (?:match|follow|fit) (?:the )?(?:pattern |regex |regular expression )?(\"q\\d+\")$", m -> pattern(m.group(1), quote(m.group(2))));
        on("^" + F + " must be (?:an? )?(?:valid )?(e-?mail(?: address)?|url|link|web address|phone(?: number)?|zip(?: code)?|postcode|"
                + "hex colou?r(?: code)?|colou?r code|uuid)$", m -> format(m.group(1), m.group(2)));
        on("^" + F + " (?:must|may|can|should) (?:only )?(?:contain|have|be) (?:only )?(letters and digits|letters and numbers|letters|digits|numbers)(?: only)?$",
                m -> format(m.group(1), m.group(2)));
        // dates
        on("^" + F + " must (?:be|come|fall) (on or after|on or before|after|before|later than|earlier than) " + F + "$",
                m -> dateOrder(m.group(1), m.group(2), m.group(3)));
        on("^" + F + " (?:must not|cannot|can't|may not) be (before|after|earlier than|later than) " + F + "$",
                m -> dateOrder(m.group(1), m.group(2).startsWith("before") || m.group(2).startsWith("earlier") ? "on or after" : "on or before", m.group(3)));
        on("^" + F + " must be in the (future|past)$", m -> dateOrder(m.group(1), m.group(2).equals("future") ? "after" : "before", "now"));
        // rejections
        on("^(?:reject|refuse|block|deny|forbid|disallow|do not allow|don't allow|fail)(?: (?:the|this|it|a|an) ?(?:write|record|order|change|save|update|request|entry)?)? "
                        + "(?:if|when|whenever) (.+?)(?:,? with (?:the |a )?(?:message|error|reason) (\"q\\d+\"))?$",
                m -> reject(m.group(1), m.group(2)));
        on("^(?:if|when) (.+?),? (?:then )?(?:reject|refuse|block|deny)(?: (?:it|the write|the record|the change))?(?:,? with (?:the |a )?(?:message|error|reason) (\"q\\d+\"))?$",
                m -> reject(m.group(1), m.group(2)));
        // transitions guarded by the previous value
        on("^" + F + " (?:can|may) only (?:change|go|move|be changed) from " + V + " to " + VLIST + "$", m -> transition(m.group(1), Rule.Guard.ALLOWED, m.group(2), m.group(3)));
        on("^" + F + " (?:can|may) (?:change|go|move|be changed) from " + V + " to " + VLIST + "$", m -> transition(m.group(1), Rule.Guard.ALLOWED, m.group(2), m.group(3)));
        on("^" + F + " (?:cannot|can't|can not|may not|must not|should not) (?:change|go|move|be changed)(?: back)? from " + V + " to " + V + "$",
                m -> transition(m.group(1), Rule.Guard.DENIED, m.group(2), m.group(3)));
        on("^once " + F + " is " + V + ",? it (?:cannot|can't|may not|must not) (?:change|be changed)(?: any more| anymore| again)?$",
                m -> transition(m.group(1), Rule.Guard.FROZEN, m.group(2), null));
        on("^" + F + " (?:cannot|can't|may not|must not) (?:change|be changed) once (?:it is|it's|it has been) " + V + "$",
                m -> transition(m.group(1), Rule.Guard.FROZEN, m.group(2), null));
        on("^" + F + " (?:cannot|can't|may not|must not) (?:change|be changed)(?: after (?:it is )?(?:created|creation))?$",
                m -> transition(m.group(1), Rule.Guard.IMMUTABLE, null, null));
        // assignments: conditional, computed, constant
        on("^(?:if|when) (.+?),? (?:then )?(?:set|make) " + F + " (?:to|=) (.+)$", m -> assign(m.group(2), m.group(3), m.group(1)));
        on("^(?:set|make) " + F + " (?:to|=) (.+?) (?:if|when|whenever) (.+)$", m -> assign(m.group(1), m.group(2), m.group(3)));
        on("^(?:set|compute|calculate|derive) " + F + " (?:to|as|=|to be|from) (.+)$", m -> assign(m.group(1), m.group(2), null));
        on("^" + F + " (?:is|=|equals|should be|must be) (.+)$", m -> computedOnly(m.group(1), m.group(2)));
    }

    private static final String VALUE = "(?:" + V.substring(1, V.length() - 1) + ")";
    private static final String VLIST = "(" + VALUE + "(?:(?:,| or|, or) " + VALUE + ")*)";

    private void on(String regex, Function<Matcher, Optional<Rule>> build) {
        grammar.add(new Grammar(Pattern.compile(regex), build));
    }

    // ---- parts ----

    /** A field phrase ("the unit price", "its title") as a field name, checked against the resource. */
    Optional<String> field(String phrase) {
        if (phrase == null) {
            return Optional.empty();
        }
        var text = phrase.strip().replaceAll("^(?:the|its|their|a|an|this|that)\\s+", "").replaceAll("^[a-z]+'s\\s+", "")
                .replaceAll("\\s+(?:field|value|column)$", "").strip();
        if (text.isEmpty() || !text.matches("[a-z][a-z0-9_ ]*")) {
            return Optional.empty();
        }
        var name = text.replace(' ', '_');
        if (resource == null) {
            return name.length() <= 40 && !STOP.contains(name) && name.split("_").length <= 3 ? Optional.of(name) : Optional.empty();
        }
        for (var candidate : List.of(name, name + "s", name.endsWith("s") ? name.substring(0, name.length() - 1) : name)) {
            if (resource.field(candidate).isPresent()) {
                return Optional.of(candidate);
            }
        }
        if (!unknownFields.contains(name)) {
            unknownFields.add(name);
        }
        return Optional.empty();
    }

    /** Whether a word names a field, without counting it as an unknown field when it does not (it may be a value). */
    private boolean isField(String phrase) {
        var before = unknownFields.size();
        var found = field(phrase).isPresent();
        while (unknownFields.size() > before) {
            unknownFields.remove(unknownFields.size() - 1);
        }
        return found;
    }

    private static final java.util.Set<String> STOP = java.util.Set.of("it", "if", "when", "then", "and", "or", "is", "to", "the", "this", "that",
            "record", "value", "we", "you", "they", "there");

    private Optional<String[]> both(String a, String b) {
        var x = field(a);
        var y = field(b);
        return x.isPresent() && y.isPresent() ? Optional.of(new String[] {x.get(), y.get()}) : Optional.empty();
    }

    private Value value(String token) {
        var t = token.strip();
        if (t.matches("\"q\\d+\"")) {
            return new Value.Text(quote(t));
        }
        if (t.matches("-?\\d+(?:\\.\\d+)?")) {
            return new Value.Num(new BigDecimal(t));
        }
        if (t.equals("true") || t.equals("false")) {
            return new Value.Bool(Boolean.parseBoolean(t));
        }
        if (t.equals("today")) {
            return new Value.Today();
        }
        if (t.equals("now")) {
            return new Value.Now();
        }
        return new Value.Text(t);
    }

    private String quote(String token) {
        return quotes.get(Integer.parseInt(token.replaceAll("[^0-9]", "")));
    }

    /** Conditions joined by "and". */
    Optional<Cond> condition(String text) {
        var parts = new ArrayList<Cond>();
        for (var piece : text.strip().split("\\s+and\\s+")) {
            var part = simpleCondition(piece.strip());
            if (part.isEmpty()) {
                return Optional.empty();
            }
            parts.add(part.get());
        }
        return Optional.of(parts.size() == 1 ? parts.get(0) : new Cond.All(parts));
    }

    private Optional<Cond> simpleCondition(String text) {
        Matcher m;
        if ((m = match("^" + F + " (?:is |are )?" + EMPTY + "$", text)) != null) {
            return field(m.group(1)).map(f -> new Cond.Empty(f, true));
        }
        if ((m = match("^" + F + " (?:is |are )?(?:set|present|given|not empty|not blank|filled(?: in)?)$", text)) != null) {
            return field(m.group(1)).map(f -> new Cond.Empty(f, false));
        }
        var ops = new LinkedHashMap<String, Cond.Op>();
        ops.put("(?:is )?(?:at least|no less than|>=|greater than or equal to)", Cond.Op.GE);
        ops.put("(?:is )?(?:at most|no more than|<=|less than or equal to)", Cond.Op.LE);
        ops.put("(?:is )?(?:over|above|greater than|more than|higher than|larger than|bigger than|>)|exceeds", Cond.Op.GT);
        ops.put("(?:is )?(?:under|below|less than|lower than|smaller than|<)", Cond.Op.LT);
        for (var op : ops.entrySet()) {
            if ((m = match("^" + F + " (?:" + op.getKey() + ") " + N + "$", text)) != null) {
                var number = new BigDecimal(m.group(2));
                var o = op.getValue();
                return field(m.group(1)).map(f -> new Cond.Compare(f, o, new Value.Num(number), false));
            }
        }
        if ((m = match("^" + F + " (?:contains|includes|mentions) " + V + "$", text)) != null) {
            var needle = value(m.group(2)).plain(java.time.Instant.EPOCH).toString();
            return field(m.group(1)).map(f -> new Cond.Contains(f, needle, false));
        }
        if ((m = match("^" + F + " (?:starts|begins) with " + V + "$", text)) != null) {
            var needle = value(m.group(2)).plain(java.time.Instant.EPOCH).toString();
            return field(m.group(1)).map(f -> new Cond.Contains(f, needle, true));
        }
        if ((m = match("^" + F + " (?:is not|isn't|!=|does not equal|doesn't equal|is different from) " + V + "$", text)) != null) {
            var v = value(m.group(2));
            return field(m.group(1)).map(f -> new Cond.Compare(f, Cond.Op.NE, v, false));
        }
        if ((m = match("^" + F + " (?:was|used to be|previously was) " + V + "$", text)) != null) {
            var v = value(m.group(2));
            return field(m.group(1)).map(f -> new Cond.Compare(f, Cond.Op.EQ, v, true));
        }
        if ((m = match("^" + F + " (?:is|equals|=|==|is equal to|is set to) " + V + "$", text)) != null) {
            var v = value(m.group(2));
            return field(m.group(1)).map(f -> new Cond.Compare(f, Cond.Op.EQ, v, false));
        }
        return Optional.empty();
    }

    /** Arithmetic: fields, numbers, + − × ÷ (in words too), "N% of X", with ordinary precedence. */
    Optional<Expr> expression(String text) {
        var spaced = text.strip()
                .replaceAll("\\bmultiplied by\\b|\\btimes\\b|×|\\*", " * ")
                .replaceAll("\\bdivided by\\b|÷|/", " / ")
                .replaceAll("\\bplus\\b|\\+", " + ")
                .replaceAll("\\bminus\\b|(?<=\\s)-(?=\\s)", " - ")
                .replaceAll("(\\d+(?:\\.\\d+)?)%\\s+of\\b", "$1 % ")
                .replaceAll("\\(", " ( ").replaceAll("\\)", " ) ");
        var tokens = new ArrayList<String>();
        var word = new StringBuilder();
        for (var token : spaced.trim().split("\\s+")) {
            if (token.matches("[-+*/%()]") || token.matches("-?\\d+(?:\\.\\d+)?")) {
                if (word.length() > 0) {
                    tokens.add(word.toString().strip());
                    word.setLength(0);
                }
                tokens.add(token);
            } else {
                word.append(token).append(' ');
            }
        }
        if (word.length() > 0) {
            tokens.add(word.toString().strip());
        }
        var position = new int[] {0};
        var expr = sum(tokens, position);
        return expr.isPresent() && position[0] == tokens.size() ? expr : Optional.empty();
    }

    private Optional<Expr> sum(List<String> tokens, int[] at) {
        var left = product(tokens, at);
        while (left.isPresent() && at[0] < tokens.size() && (tokens.get(at[0]).equals("+") || tokens.get(at[0]).equals("-"))) {
            var op = tokens.get(at[0]++).charAt(0);
            var right = product(tokens, at);
            if (right.isEmpty()) {
                return Optional.empty();
            }
            left = Optional.of(new Expr.Bin(op, left.get(), right.get()));
        }
        return left;
    }

    private Optional<Expr> product(List<String> tokens, int[] at) {
        var left = atom(tokens, at);
        while (left.isPresent() && at[0] < tokens.size() && (tokens.get(at[0]).equals("*") || tokens.get(at[0]).equals("/"))) {
            var op = tokens.get(at[0]++).charAt(0);
            var right = atom(tokens, at);
            if (right.isEmpty()) {
                return Optional.empty();
            }
            left = Optional.of(new Expr.Bin(op, left.get(), right.get()));
        }
        return left;
    }

    private Optional<Expr> atom(List<String> tokens, int[] at) {
        if (at[0] >= tokens.size()) {
            return Optional.empty();
        }
        var token = tokens.get(at[0]++);
        if (token.equals("(")) {
            var inner = sum(tokens, at);
            if (inner.isEmpty() || at[0] >= tokens.size() || !tokens.get(at[0]++).equals(")")) {
                return Optional.empty();
            }
            return inner;
        }
        if (token.matches("-?\\d+(?:\\.\\d+)?")) {
            var number = new BigDecimal(token);
            if (at[0] < tokens.size() && tokens.get(at[0]).equals("%")) {
                at[0]++;
                var of = atom(tokens, at);
                return of.map(e -> new Expr.Bin('*', new Expr.Lit(number.movePointLeft(2)), e));
            }
            return Optional.of(new Expr.Lit(number));
        }
        return field(token.replaceAll("^(?:the )?(?:sum|total) of\\s+", "")).map(Expr.Ref::new);
    }

    // ---- rule builders ----

    private Optional<Rule> require(String phrase, String when) {
        var field = field(phrase);
        if (field.isEmpty()) {
            return Optional.empty();
        }
        if (when == null) {
            return Optional.of(new Rule.Require(field.get(), null));
        }
        return condition(when).map(c -> new Rule.Require(field.get(), c));
    }

    private Optional<Rule> range(String phrase, String min, boolean minInclusive, String max, boolean maxInclusive) {
        return field(phrase).map(f -> new Rule.Range(f, min == null ? null : new BigDecimal(min), minInclusive,
                max == null ? null : new BigDecimal(max), maxInclusive, false));
    }

    private Optional<Rule> pattern(String phrase, String regex) {
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            return Optional.empty();
        }
        return field(phrase).map(f -> new Rule.Matches(f, regex, "matching the pattern " + regex));
    }

    private Optional<Rule> format(String phrase, String kind) {
        String key;
        if (kind.startsWith("e")) {
            key = "email";
        } else if (kind.startsWith("url") || kind.startsWith("link") || kind.startsWith("web")) {
            key = "url";
        } else if (kind.startsWith("phone")) {
            key = "phone";
        } else if (kind.startsWith("zip") || kind.startsWith("post")) {
            key = "zip";
        } else if (kind.contains("colo")) {
            key = "hex";
        } else if (kind.equals("uuid")) {
            key = "uuid";
        } else if (kind.startsWith("letters and")) {
            key = "alnum";
        } else if (kind.startsWith("letters")) {
            key = "letters";
        } else {
            key = "digits";
        }
        var format = FORMATS.get(key);
        return field(phrase).map(f -> new Rule.Matches(f, format[0], format[1]));
    }

    private Optional<Rule> dateOrder(String phrase, String relation, String other) {
        var after = relation.contains("after") || relation.contains("later");
        var inclusive = relation.startsWith("on or");
        var field = field(phrase);
        if (field.isEmpty()) {
            return Optional.empty();
        }
        var target = other.strip().replaceAll("^the ", "");
        if (target.equals("now") || target.equals("today") || target.equals("the current time") || target.equals("current time")) {
            return Optional.of(new Rule.DateOrder(field.get(), after, inclusive, null));
        }
        return field(other).map(o -> new Rule.DateOrder(field.get(), after, inclusive, o));
    }

    private Optional<Rule> reject(String when, String message) {
        return condition(when).map(c -> new Rule.Reject(c, message != null ? quote(message) : "rejected because " + c.describe()));
    }

    private Optional<Rule> transition(String phrase, Rule.Guard guard, String from, String to) {
        var field = field(phrase);
        if (field.isEmpty()) {
            return Optional.empty();
        }
        var pairs = new ArrayList<String>();
        if (guard == Rule.Guard.ALLOWED || guard == Rule.Guard.DENIED) {
            var start = value(from).plain(java.time.Instant.EPOCH).toString().toLowerCase(Locale.ROOT);
            for (var target : to.split(",\\s*(?:or\\s+)?|\\s+or\\s+")) {
                pairs.add(start + ">" + value(target).plain(java.time.Instant.EPOCH).toString().toLowerCase(Locale.ROOT));
            }
        } else if (guard == Rule.Guard.FROZEN) {
            pairs.add(value(from).plain(java.time.Instant.EPOCH).toString().toLowerCase(Locale.ROOT));
        }
        return Optional.of(new Rule.Transition(field.get(), guard, pairs));
    }

    private Optional<Rule> join(String list, String separator, String target) {
        var parts = new ArrayList<String>();
        for (var phrase : list.split(",\\s*(?:and\\s+)?|\\s+and\\s+")) {
            var field = field(phrase);
            if (field.isEmpty()) {
                return Optional.empty();
            }
            parts.add(field.get());
        }
        if (parts.size() < 2) {
            return Optional.empty();
        }
        String sep;
        if (separator == null || separator.equals("space")) {
            sep = " ";
        } else if (separator.equals("comma")) {
            sep = ", ";
        } else if (separator.equals("dash") || separator.equals("hyphen")) {
            sep = "-";
        } else if (separator.equals("slash")) {
            sep = "/";
        } else {
            sep = quote(separator);
        }
        return field(target).map(t -> new Rule.Join(parts, sep, t));
    }

    private Optional<Rule> discount(String percent, String basePhrase, String when, String targetPhrase) {
        var base = basePhrase != null ? field(basePhrase) : field("subtotal").or(() -> field("total"));
        if (base.isEmpty()) {
            return Optional.empty();
        }
        Cond cond = null;
        if (when != null) {
            var parsed = condition(when);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            cond = parsed.get();
        }
        var amount = new Expr.Bin('*', new Expr.Ref(base.get()), new Expr.Lit(new BigDecimal(percent).movePointLeft(2)));
        var target = targetPhrase != null ? field(targetPhrase) : field("discount");
        if (target.isPresent()) {
            return Optional.of(new Rule.Assign(target.get(), null, amount, cond, 2, false));
        }
        if (targetPhrase != null) {
            return Optional.empty();
        }
        var reduced = new Expr.Bin('-', new Expr.Ref(base.get()), amount);
        return Optional.of(new Rule.Assign(base.get(), null, reduced, cond, 2, false));
    }

    private Optional<Rule> tax(String percent, String basePhrase, String targetPhrase) {
        var base = basePhrase != null ? field(basePhrase) : field("subtotal").or(() -> field("total"));
        var target = field(targetPhrase != null ? targetPhrase : "tax");
        if (base.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        var amount = new Expr.Bin('*', new Expr.Ref(base.get()), new Expr.Lit(new BigDecimal(percent).movePointLeft(2)));
        return Optional.of(new Rule.Assign(target.get(), null, amount, null, 2, false));
    }

    /** {@code set X to <value or arithmetic>[, rounded to N decimals]} when {@code when} holds. */
    private Optional<Rule> assign(String phrase, String what, String when) {
        var field = field(phrase);
        if (field.isEmpty()) {
            return Optional.empty();
        }
        Cond cond = null;
        if (when != null) {
            var parsed = condition(when);
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
            cond = parsed.get();
        }
        Integer scale = null;
        var text = what.strip();
        var rounding = Pattern.compile("^(.+?),? (?:rounded|round it) to " + N + " (?:decimal places|decimals|places|digits)$").matcher(text);
        if (rounding.matches()) {
            text = rounding.group(1);
            scale = new BigDecimal(rounding.group(2)).intValue();
        }
        if (text.matches(V) && !text.matches("-?\\d+(?:\\.\\d+)?") && !isField(text) || text.matches("\"q\\d+\"|true|false|today|now")) {
            return Optional.of(new Rule.Assign(field.get(), value(text), null, cond, null, false));
        }
        var expr = expression(text);
        if (expr.isPresent()) {
            if (expr.get() instanceof Expr.Lit lit && scale == null) {
                return Optional.of(new Rule.Assign(field.get(), new Value.Num(lit.value()), null, cond, null, false));
            }
            return Optional.of(new Rule.Assign(field.get(), null, expr.get(), cond, scale, false));
        }
        return Optional.empty();
    }

    /** "total is quantity times price": only when the right side is arithmetic (otherwise it reads as a condition). */
    private Optional<Rule> computedOnly(String phrase, String what) {
        var expr = expression(what.replaceAll(",? rounded to .*$", ""));
        if (expr.isEmpty() || !(expr.get() instanceof Expr.Bin)) {
            return Optional.empty();
        }
        return assign(phrase, what, null);
    }

    /** Rules about one field's transitions, given in several sentences, become one allow-list. */
    private static List<Rule> merge(List<Rule> rules) {
        var merged = new ArrayList<Rule>();
        var allowed = new LinkedHashMap<String, List<String>>();
        for (var rule : rules) {
            if (rule instanceof Rule.Transition t && t.guard() == Rule.Guard.ALLOWED) {
                if (!allowed.containsKey(t.field())) {
                    allowed.put(t.field(), new ArrayList<>());
                    merged.add(rule);
                }
                allowed.get(t.field()).addAll(t.pairs());
            } else {
                merged.add(rule);
            }
        }
        var result = new ArrayList<Rule>();
        for (var rule : merged) {
            if (rule instanceof Rule.Transition t && t.guard() == Rule.Guard.ALLOWED) {
                result.add(new Rule.Transition(t.field(), Rule.Guard.ALLOWED, allowed.get(t.field())));
            } else {
                result.add(rule);
            }
        }
        return result;
    }

    // ---- text ----

    private static Matcher match(String regex, String text) {
        var m = Pattern.compile(regex).matcher(text);
        return m.matches() ? m : null;
    }

    /** Replaces "…" and '…' by placeholders, so quoted text keeps its case and punctuation. */
    private String extractQuotes(String text) {
        var out = new StringBuilder();
        var m = Pattern.compile("\"([^\"]*)\"|“([^”]*)”|(?<![\\w])'([^']*)'(?![\\w])").matcher(text);
        var last = 0;
        while (m.find()) {
            out.append(text, last, m.start());
            var quoted = m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3);
            out.append("\"q").append(quotes.size()).append('"');
            quotes.add(quoted);
            last = m.end();
        }
        return out.append(text.substring(last)).toString();
    }

    private String restore(String text) {
        var m = Pattern.compile("\"q(\\d+)\"").matcher(text);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement("\"" + quotes.get(Integer.parseInt(m.group(1))) + "\""));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String normalise(String clause) {
        var text = clause.strip().replaceAll("[.!?]+$", "").strip();
        text = text.replaceAll("^(?:please|also|then|and|finally|first|next)\\s*,?\\s+", "");
        var lower = new StringBuilder();
        var m = Pattern.compile("\"q\\d+\"").matcher(text);
        var last = 0;
        while (m.find()) {
            lower.append(text.substring(last, m.start()).toLowerCase(Locale.ROOT)).append(m.group());
            last = m.end();
        }
        lower.append(text.substring(last).toLowerCase(Locale.ROOT));
        return lower.toString().replaceAll("\\s+", " ").strip();
    }
}
