package dev.guidelab.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.guidelab.api.FieldError;
import dev.guidelab.api.InvalidRequestException;
import dev.guidelab.api.RequestBodies;
import dev.guidelab.api.Text;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The small JSON bodies of the account endpoints, read with a limit ({@link RequestBodies#small})
 * and checked field by field like specs: unknown fields, wrong types and bad text are all answered
 * at once as a 400 naming each field.
 */
final class AccountRequests {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectNode body;
  private final List<FieldError> errors = new ArrayList<>();

  private AccountRequests(ObjectNode body) {
    this.body = body;
  }

  /** Reads a body that may hold only {@code fields}. */
  static AccountRequests read(InputStream in, String contentLength, Set<String> fields) {
    String text = RequestBodies.small(in, contentLength);
    JsonNode root;
    try {
      root = JSON.readTree(text.isBlank() ? "null" : text);
    } catch (JsonProcessingException e) {
      throw invalid(FieldError.ROOT, "not valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw invalid(FieldError.ROOT, "must be a JSON object with " + String.join(", ", fields));
    }
    AccountRequests request = new AccountRequests((ObjectNode) root);
    root.fieldNames()
        .forEachRemaining(
            name -> {
              if (!fields.contains(name)) {
                request.errors.add(
                    new FieldError(name, "unknown field; allowed: " + String.join(", ", fields)));
              }
            });
    return request;
  }

  boolean has(String field) {
    return body.hasNonNull(field);
  }

  /** A text field of 1..max characters, or null (with an error if required). */
  String text(String field, int max, boolean required) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      if (required) {
        errors.add(new FieldError(field, "required"));
      }
      return null;
    }
    if (!node.isTextual()) {
      errors.add(new FieldError(field, "must be a string, got " + node.getNodeType()));
      return null;
    }
    String value = node.textValue();
    String problem = Text.problem(value);
    if (problem != null) {
      errors.add(new FieldError(field, problem));
    } else if (value.isBlank() || value.codePointCount(0, value.length()) > max) {
      errors.add(new FieldError(field, "must be 1–" + max + " characters"));
    } else {
      return value;
    }
    return null;
  }

  /** A password: {@value Secrets#MIN_PASSWORD}–{@value Secrets#MAX_PASSWORD} bytes of UTF-8. */
  String password(String field, boolean required) {
    String value = text(field, Secrets.MAX_PASSWORD, required);
    if (value != null) {
      int bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
      if (value.length() < Secrets.MIN_PASSWORD || bytes > Secrets.MAX_PASSWORD) {
        errors.add(
            new FieldError(
                field,
                "must be "
                    + Secrets.MIN_PASSWORD
                    + "–"
                    + Secrets.MAX_PASSWORD
                    + " characters (at most "
                    + Secrets.MAX_PASSWORD
                    + " bytes of UTF-8)"));
        return null;
      }
    }
    return value;
  }

  /** A user name ({@link Users#NAME}). */
  String userName(String field, boolean required) {
    String value = text(field, 64, required);
    if (value != null && !Users.NAME.matcher(value).matches()) {
      errors.add(
          new FieldError(
              field, Users.NAME_RULE + ", got '" + Text.shorten(value, Text.QUOTED) + "'"));
      return null;
    }
    return value;
  }

  UserRole role(String field, boolean required) {
    String value = text(field, 16, required);
    if (value == null) {
      return null;
    }
    UserRole role = UserRole.of(value).orElse(null);
    if (role == null) {
      errors.add(new FieldError(field, "must be one of admin, member, viewer"));
    }
    return role;
  }

  Boolean bool(String field) {
    JsonNode node = body.get(field);
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isBoolean()) {
      errors.add(new FieldError(field, "must be true or false"));
      return null;
    }
    return node.booleanValue();
  }

  void fail(String field, String message) {
    errors.add(new FieldError(field, message));
  }

  /** Throws the 400 if anything was wrong. */
  void check() {
    if (!errors.isEmpty()) {
      throw new InvalidRequestException(errors);
    }
  }

  private static InvalidRequestException invalid(String field, String message) {
    return new InvalidRequestException(List.of(new FieldError(field, message)));
  }
}
