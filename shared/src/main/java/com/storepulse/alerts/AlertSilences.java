package com.storepulse.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.storepulse.config.ConfigurationException;
import com.storepulse.config.Settings;
import com.storepulse.errors.FieldError;
import com.storepulse.errors.NotFoundException;
import com.storepulse.errors.ValidationException;
import com.storepulse.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.locator.ClasspathSqlLocator;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Silences: rows of {@code alert_silence} (the admin route {@code /v1/admin/alert-silences}) and
 * those of the setting {@value #SETTING}, a JSON list such as
 * {@code [{"namePattern": "storepulse-staging-*", "endsAt": "2027-01-01T00:00:00Z", "comment": "staging rebuild"}]}.
 */
public final class AlertSilences {

    public static final String SETTING = "ALERT_SILENCES";
    /** A silence longer than this is a decision to delete the alarm, not to silence it. */
    public static final Duration MAX_LENGTH = Duration.ofDays(30);

    private static final ClasspathSqlLocator SQL = ClasspathSqlLocator.removingComments();
    private static final Pattern FINGERPRINT = Pattern.compile("[A-Za-z0-9._:/@+=*?-]{1,200}");
    private static final Pattern NAME_PATTERN = Pattern.compile("[^\\p{Cntrl}]{1,255}");
    /** A comment may run over lines; other control characters (NUL, which PostgreSQL refuses in text) may not. */
    private static final Pattern COMMENT_CONTROL = Pattern.compile("[\\p{Cntrl}&&[^\\t\\n\\r]]");

    private final Jdbi jdbi;
    private final List<AlertSilence> configured;

    public AlertSilences(Jdbi jdbi, List<AlertSilence> configured) {
        this.jdbi = jdbi;
        this.configured = List.copyOf(configured);
    }

    public static AlertSilences from(Jdbi jdbi, Settings settings) {
        return new AlertSilences(jdbi, configured(settings));
    }

    /** A new silence. */
    public record NewSilence(
            Optional<String> fingerprint,
            Optional<String> namePattern,
            Instant endsAt,
            String comment,
            String createdBy) {}

    /** Validates and stores a silence; field errors name the fields. */
    public AlertSilence create(NewSilence silence, Instant now) {
        List<FieldError> errors = new ArrayList<>();
        if (silence.fingerprint().isPresent() == silence.namePattern().isPresent()) {
            errors.add(new FieldError("fingerprint", "give exactly one of fingerprint and namePattern"));
        }
        silence.fingerprint()
                .filter(f -> !FINGERPRINT.matcher(f).matches())
                .ifPresent(f -> errors.add(new FieldError("fingerprint", "must be 1-200 letters, digits or ._:/@+=-")));
        silence.namePattern()
                .filter(p -> !NAME_PATTERN.matcher(p).matches() || p.chars().allMatch(c -> c == '*' || c == '?'))
                .ifPresent(p ->
                        errors.add(new FieldError("namePattern", "must be 1-255 characters and more than wildcards")));
        if (silence.endsAt() == null || !silence.endsAt().isAfter(now)) {
            errors.add(new FieldError("endsAt", "must be in the future"));
        } else if (silence.endsAt().isAfter(now.plus(MAX_LENGTH))) {
            errors.add(new FieldError("endsAt", "must be within " + MAX_LENGTH.toDays() + " days"));
        }
        if (silence.comment() == null
                || silence.comment().isBlank()
                || silence.comment().length() > 500
                || COMMENT_CONTROL.matcher(silence.comment()).find()) {
            errors.add(new FieldError(
                    "comment",
                    "is required (why, and who to ask), at most 500 characters, no control characters but line"
                            + " breaks and tabs"));
        }
        if (!errors.isEmpty()) {
            throw ValidationException.of(errors);
        }
        return jdbi.withHandle(h -> h.createQuery(SQL.locate(AlertStore.class, "insertSilence"))
                .bind("fingerprint", silence.fingerprint().orElse(null))
                .bind("namePattern", silence.namePattern().orElse(null))
                .bind("endsAt", silence.endsAt())
                .bind("comment", silence.comment().strip())
                .bind("createdBy", silence.createdBy())
                .map(AlertSilences::row)
                .one());
    }

    /** Ends a silence now. */
    public AlertSilence expire(long silenceId) {
        return jdbi.withHandle(h -> h.createQuery(SQL.locate(AlertStore.class, "expireSilence"))
                        .bind("silenceId", silenceId)
                        .map(AlertSilences::row)
                        .findOne())
                .orElseThrow(() -> new NotFoundException("No alert silence " + silenceId + "."));
    }

    /** The silences in force: stored ones, then configured ones. */
    public List<AlertSilence> active(Instant now) {
        return jdbi.withHandle(h -> active(h, now));
    }

    List<AlertSilence> active(Handle handle, Instant now) {
        List<AlertSilence> all = new ArrayList<>(handle.createQuery(SQL.locate(AlertStore.class, "activeSilences"))
                .map(AlertSilences::row)
                .list());
        configured.stream().filter(s -> s.endsAt().isAfter(now)).forEach(all::add);
        return all;
    }

    private static AlertSilence row(java.sql.ResultSet rs, StatementContext ctx) throws java.sql.SQLException {
        return new AlertSilence(
                rs.getLong("silence_id"),
                Optional.ofNullable(rs.getString("fingerprint")),
                Optional.ofNullable(rs.getString("name_pattern")),
                rs.getTimestamp("ends_at").toInstant(),
                rs.getString("comment"),
                rs.getString("created_by"),
                rs.getTimestamp("created_at").toInstant());
    }

    static List<AlertSilence> configured(Settings settings) {
        Optional<String> json = settings.get(SETTING);
        if (json.isEmpty()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = Json.mapper().readTree(json.get());
        } catch (IOException e) {
            throw new ConfigurationException("setting " + SETTING + " is not JSON");
        }
        if (!root.isArray()) {
            throw new ConfigurationException("setting " + SETTING + " must be a JSON list");
        }
        List<AlertSilence> silences = new ArrayList<>();
        for (JsonNode s : root) {
            Optional<String> fingerprint =
                    Optional.ofNullable(s.path("fingerprint").asText(null));
            Optional<String> pattern = Optional.ofNullable(s.path("namePattern").asText(null));
            if (fingerprint.isPresent() == pattern.isPresent()) {
                throw new ConfigurationException(
                        "setting " + SETTING + ": each silence has a fingerprint or a namePattern");
            }
            Instant endsAt;
            try {
                endsAt = Instant.parse(s.path("endsAt").asText(""));
            } catch (DateTimeParseException e) {
                throw new ConfigurationException("setting " + SETTING + ": endsAt must be an ISO-8601 instant");
            }
            silences.add(new AlertSilence(
                    0,
                    fingerprint,
                    pattern,
                    endsAt,
                    s.path("comment").asText("configured"),
                    "configuration",
                    Instant.EPOCH));
        }
        return silences;
    }
}
