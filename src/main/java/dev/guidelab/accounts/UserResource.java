package dev.guidelab.accounts;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Users, for admins: list, create (with a first token and a sign-in link), change role, disable.
 */
@Path("/api/users")
@Tag(name = "accounts")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(UserRole.ADMIN_NAME)
public class UserResource {

  /**
   * A user just created, with what they sign in with.
   *
   * @param token their first API token, shown once
   * @param signInLink a one-time dashboard link (relative to the server), valid for {@code
   *     guidelab.auth.sign-in-link-lifetime}
   */
  @Schema(name = "NewUser")
  public record Created(User user, String token, String signInLink) {}

  private final Users users;
  private final Tokens tokens;
  private final AuthConfig config;
  private final Caller caller;

  public UserResource(Users users, Tokens tokens, AuthConfig config, Caller caller) {
    this.users = users;
    this.tokens = tokens;
    this.config = config;
    this.caller = caller;
  }

  @GET
  @Operation(summary = "Every user")
  public List<User> list() {
    return users.list();
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Create a user: their first API token and a one-time sign-in link")
  @APIResponse(
      responseCode = "201",
      content = @Content(schema = @Schema(implementation = Created.class)))
  @APIResponse(responseCode = "409", description = "The name is taken.")
  public Response create(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      schema =
                          @Schema(
                              type = SchemaType.OBJECT,
                              description =
                                  "{\"name\": \"alice\", \"role\": \"member\", \"password\":"
                                      + " optional}")))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length) {
    AccountRequests request =
        AccountRequests.read(body, length, Set.of("name", "role", "password"));
    String name = request.userName("name", true);
    UserRole role = request.role("role", true);
    String password = request.password("password", false);
    request.check();
    User user =
        users
            .create(
                name,
                role,
                password == null ? null : Secrets.bcrypt(password),
                caller.name(),
                false)
            .orElseThrow();
    String token = tokens.create(name, "first token").token();
    String code = users.newSignInCode(name, config.signInLinkLifetime());
    return Response.status(Response.Status.CREATED)
        .entity(new Created(user, token, signInLink(code)))
        .build();
  }

  @PATCH
  @Path("{name}")
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Change a user's role, or disable (enable) them")
  public User update(
      @PathParam("name") String name,
      @RequestBody(
              required = true,
              content =
                  @Content(
                      schema =
                          @Schema(
                              type = SchemaType.OBJECT,
                              description = "{\"role\": \"viewer\"} and/or {\"disabled\": true}")))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length) {
    AccountRequests request = AccountRequests.read(body, length, Set.of("role", "disabled"));
    UserRole role = request.role("role", false);
    Boolean disabled = request.bool("disabled");
    if (name.equals(caller.name())
        && (Boolean.TRUE.equals(disabled) || (role != null && role != UserRole.ADMIN))) {
      request.fail(
          role != null ? "role" : "disabled",
          "an admin cannot demote or disable themselves (another admin can)");
    }
    request.check();
    return users
        .update(name, role, disabled)
        .orElseThrow(() -> new NotFoundException("no user " + name));
  }

  /** The dashboard's sign-in page with a one-time code. */
  public static String signInLink(String code) {
    return "/#/sign-in?code=" + code;
  }
}
