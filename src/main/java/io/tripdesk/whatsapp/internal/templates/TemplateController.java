package io.tripdesk.whatsapp.internal.templates;

import java.util.List;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.whatsapp.internal.sending.GraphException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Templates for the dashboard's picker, with how many values each needs; admins re-sync them from Meta. */
@RestController
@RequestMapping("/api/whatsapp/templates")
class TemplateController {

	private final TemplateStore templates;

	private final TemplateSync sync;

	TemplateController(TemplateStore templates, TemplateSync sync) {
		this.templates = templates;
		this.sync = sync;
	}

	@GetMapping
	List<TemplateView> list() {
		return templates.findAll();
	}

	@PostMapping("/sync")
	List<TemplateView> sync(@AuthenticationPrincipal CurrentUser user) {
		if (!user.isAdmin()) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", "Only admins sync templates.");
		}
		try {
			sync.sync();
		}
		catch (GraphException ex) {
			throw new ProblemException(HttpStatus.BAD_GATEWAY, "whatsapp-unavailable", "WhatsApp did not answer",
					"The templates could not be synced: " + ex.getMessage()).with("error_code", ex.code() == null ? 0 : ex.code());
		}
		return templates.findAll();
	}

}
