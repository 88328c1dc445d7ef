package dev.guidelab.accounts;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;

/**
 * An OpenID Connect provider small enough to read, on a free port, for tests of single sign-on
 * without Docker or a real provider: discovery, its RSA key as a JWKS, {@code /authorize} that
 * signs the next user in at once (no page) and sends the browser back with a code, and {@code
 * /token} that trades the code for an RS256-signed ID token. Which user signs in next is set over
 * HTTP ({@code POST /next-user}), because the test and this resource may not share a class loader.
 */
public class FakeIdentityProvider implements QuarkusTestResourceLifecycleManager {

  static final String CLIENT_ID = "guidelab-test";
  static final String SECRET = "fake-identity-provider-client-secret";

  private final Map<String, Map<String, String>> codes = new ConcurrentHashMap<>();
  private volatile String nextUser = "Ada";
  private HttpServer server;
  private RsaJsonWebKey key;
  private String issuer;

  @Override
  public Map<String, String> start() {
    try {
      key = RsaJwkGenerator.generateJwk(2048);
      key.setKeyId("fake-idp-key");
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    issuer = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/.well-known/openid-configuration", x -> json(x, 200, discovery()));
    server.createContext(
        "/jwks",
        x ->
            json(x, 200, new JsonWebKeySet(key).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
    server.createContext("/authorize", this::authorize);
    server.createContext("/token", this::token);
    server.createContext(
        "/next-user",
        x -> {
          nextUser = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          json(x, 200, "{}");
        });
    server.start();
    return Map.of(
        "quarkus.oidc.tenant-enabled", "true",
        "quarkus.oidc.auth-server-url", issuer,
        "quarkus.oidc.client-id", CLIENT_ID,
        "quarkus.oidc.credentials.secret", SECRET);
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  private String discovery() {
    return """
        {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize",
         "token_endpoint": "%1$s/token", "jwks_uri": "%1$s/jwks",
         "response_types_supported": ["code"], "subject_types_supported": ["public"],
         "id_token_signing_alg_values_supported": ["RS256"]}
        """
        .formatted(issuer);
  }

  /** Signs {@link #nextUser} in without asking and sends the browser back with a code. */
  private void authorize(HttpExchange x) throws IOException {
    Map<String, String> query = form(x.getRequestURI().getRawQuery());
    if (!CLIENT_ID.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))) {
      json(x, 400, "{\"error\": \"invalid_request\"}");
      return;
    }
    String code = UUID.randomUUID().toString();
    Map<String, String> grant = new HashMap<>();
    grant.put("user", nextUser);
    grant.put("redirect_uri", query.get("redirect_uri"));
    if (query.containsKey("nonce")) {
      grant.put("nonce", query.get("nonce"));
    }
    codes.put(code, grant);
    String back =
        query.get("redirect_uri")
            + (query.get("redirect_uri").contains("?") ? "&" : "?")
            + "code="
            + code
            + "&state="
            + URLEncoder.encode(query.get("state"), StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Location", back);
    x.sendResponseHeaders(302, -1);
    x.close();
  }

  /** A code, once, for an ID token; the client authenticates with its secret (basic or post). */
  private void token(HttpExchange x) throws IOException {
    Map<String, String> body =
        form(new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String basic =
        "Basic "
            + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + SECRET).getBytes(StandardCharsets.UTF_8));
    boolean client =
        basic.equals(x.getRequestHeaders().getFirst("Authorization"))
            || SECRET.equals(body.get("client_secret"));
    Map<String, String> grant = body.get("code") == null ? null : codes.remove(body.get("code"));
    if (!client
        || grant == null
        || !"authorization_code".equals(body.get("grant_type"))
        || !grant.get("redirect_uri").equals(body.get("redirect_uri"))) {
      json(x, 400, "{\"error\": \"invalid_grant\"}");
      return;
    }
    JwtClaims claims = new JwtClaims();
    claims.setIssuer(issuer);
    claims.setAudience(CLIENT_ID);
    claims.setSubject("sub-" + grant.get("user"));
    claims.setIssuedAtToNow();
    claims.setExpirationTimeMinutesInTheFuture(5);
    claims.setClaim("preferred_username", grant.get("user"));
    if (grant.containsKey("nonce")) {
      claims.setClaim("nonce", grant.get("nonce"));
    }
    JsonWebSignature jws = new JsonWebSignature();
    jws.setPayload(claims.toJson());
    jws.setKey(key.getPrivateKey());
    jws.setKeyIdHeaderValue(key.getKeyId());
    jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
    String idToken;
    try {
      idToken = jws.getCompactSerialization();
    } catch (Exception e) {
      throw new IOException(e);
    }
    json(
        x,
        200,
        "{\"access_token\": \"%s\", \"token_type\": \"Bearer\", \"expires_in\": 300, \"id_token\": \"%s\"}"
            .formatted(UUID.randomUUID(), idToken));
  }

  private static Map<String, String> form(String encoded) {
    Map<String, String> values = new HashMap<>();
    if (encoded != null && !encoded.isEmpty()) {
      for (String pair : encoded.split("&", -1)) {
        if (pair.isEmpty()) {
          continue;
        }
        int eq = pair.indexOf('=');
        values.put(
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return values;
  }

  private static void json(HttpExchange x, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json");
    x.sendResponseHeaders(status, bytes.length);
    x.getResponseBody().write(bytes);
    x.close();
  }
}
