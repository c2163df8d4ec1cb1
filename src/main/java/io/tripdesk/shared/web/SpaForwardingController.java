package io.tripdesk.shared.web;

import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The dashboard routes on the client ({@code /leads/42}); a reload of such a path gets the app's
 * {@code index.html}. Paths with a dot are files, and the server's own prefixes are left alone.
 */
@Controller
class SpaForwardingController {

	private static final String CLIENT_ROUTE = "^(?!api$|ws$|actuator$|v3$|swagger-ui$|assets$)[^.]*$";

	@GetMapping({ "/{route:" + CLIENT_ROUTE + "}", "/{route:" + CLIENT_ROUTE + "}/**" })
	String forward() {
		return "forward:/index.html";
	}

}
