package io.shepherd.alerting.app;

import java.io.IOException;
import java.util.Optional;

import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.shepherd.alerting.AlertRouterConfig;
import io.shepherd.alerting.access.SilencesAccess;
import io.shepherd.alerting.access.SilencesAccess.Allowed;
import io.shepherd.alerting.access.SilencesAccess.Forbidden;
import io.shepherd.alerting.access.SilencesAccess.Unauthorized;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Puts {@link SilencesAccess} in front of every request: answers 401 or 403 itself, or passes the request on, with
 * its authenticated author (if any) in the request attribute {@link #AUTHOR}.
 */
@Component
class SilencesAuthFilter extends OncePerRequestFilter {

    static final String AUTHOR = "io.shepherd.alerting.app.SilencesAuthFilter.author";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SilencesAccess access;

    SilencesAuthFilter(AlertRouterConfig config) {
        this.access = config.silencesAccess();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        // the servlet path is decoded and normalised by the container, and is what the handler mapping sees
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        SilencesAccess.Decision decision = access.decide(request.getMethod(), path, Optional.ofNullable(request.getHeader("Authorization")));
        if (decision instanceof Allowed allowed) {
            allowed.author().ifPresent(author -> request.setAttribute(AUTHOR, author));
            chain.doFilter(request, response);
        } else if (decision instanceof Unauthorized refused) {
            refused.challenges().forEach(c -> response.addHeader("WWW-Authenticate", c));
            refuse(response, 401, "a valid bearer token or basic-auth user is required");
        } else if (decision instanceof Forbidden forbidden) {
            response.addHeader("WWW-Authenticate", forbidden.challenge());
            refuse(response, 403, forbidden.who() + " may only read silences");
        }
    }

    private static void refuse(HttpServletResponse response, int status, String reason) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.getWriter().write(JSON.createObjectNode().put("error", reason).toString());
    }
}
