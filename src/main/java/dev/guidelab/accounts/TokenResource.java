package dev.guidelab.accounts;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** One's own API tokens: list, create (the token is in that answer only), revoke. */
@Path("/api/tokens")
@Tag(name = "accounts")
@Produces(MediaType.APPLICATION_JSON)
public class TokenResource {

  private final Tokens tokens;
  private final Caller caller;

  public TokenResource(Tokens tokens, Caller caller) {
    this.tokens = tokens;
    this.caller = caller;
  }

  @GET
  @Operation(summary = "The caller's tokens that work (never the tokens themselves)")
  public List<Tokens.Token> list() {
    return tokens.of(caller.name());
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "A new API token for the caller; the answer is the only place it is shown")
  @APIResponse(
      responseCode = "201",
      content = @Content(schema = @Schema(implementation = Tokens.Created.class)))
  public Response create(
      @RequestBody(
              required = true,
              content =
                  @Content(
                      schema =
                          @Schema(
                              type = SchemaType.OBJECT,
                              description = "{\"name\": \"laptop\"}")))
          InputStream body,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) String length) {
    AccountRequests request = AccountRequests.read(body, length, Set.of("name"));
    String name = request.text("name", 100, true);
    request.check();
    return Response.status(Response.Status.CREATED)
        .entity(tokens.create(caller.name(), name))
        .build();
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Revoke a token (one's own; an admin may revoke anyone's)")
  @APIResponse(responseCode = "204")
  public Response revoke(@PathParam("id") UUID id) {
    String owner = tokens.owner(id).orElseThrow(() -> new NotFoundException("no token " + id));
    caller.mayChange(owner, "revoke token " + id);
    tokens.revoke(id);
    return Response.noContent().build();
  }
}
