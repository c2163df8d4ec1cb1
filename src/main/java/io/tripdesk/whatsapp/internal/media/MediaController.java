package io.tripdesk.whatsapp.internal.media;

import java.io.IOException;
import java.util.Optional;

import io.tripdesk.identity.CurrentUser;
import io.tripdesk.leads.LeadManagement;
import io.tripdesk.shared.web.ProblemException;
import io.tripdesk.whatsapp.internal.sending.GraphClient;
import io.tripdesk.whatsapp.internal.sending.GraphException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Media of a conversation, for the signed-in users who may see it: fetched from the Graph API the first
 * time (id → short-lived URL → bytes with the token) and kept, since Meta drops it after a week. Files
 * agents send are uploaded to Meta here, as {@code multipart/form-data} with a {@code file} part of at most
 * {@code spring.servlet.multipart.max-file-size} (a larger one is a 413 problem), and then sent by id.
 */
@RestController
@RequestMapping("/api/whatsapp/media")
class MediaController {

	private final JdbcClient jdbc;

	private final GraphClient graph;

	private final LeadManagement leads;

	MediaController(JdbcClient jdbc, GraphClient graph, LeadManagement leads) {
		this.jdbc = jdbc;
		this.graph = graph;
		this.leads = leads;
	}

	record Cached(byte[] bytes, String mimeType) {
	}

	record Uploaded(String id) {
	}

	@GetMapping("/{mediaId}")
	ResponseEntity<byte[]> get(@PathVariable String mediaId, @AuthenticationPrincipal CurrentUser user) {
		long leadId = jdbc.sql("SELECT lead_id FROM whatsapp_message WHERE media_id = ? LIMIT 1").param(mediaId)
			.query(Long.class).optional().orElseThrow(() -> ProblemException.notFound("Media", mediaId));
		leads.get(leadId, user);
		Cached media = cached(mediaId).orElseGet(() -> fetch(mediaId));
		return ResponseEntity.ok().contentType(MediaType.parseMediaType(media.mimeType()))
			.cacheControl(CacheControl.maxAge(java.time.Duration.ofDays(7)).cachePrivate()).body(media.bytes());
	}

	@PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
	Uploaded upload(@RequestPart(name = "file", required = false) @Nullable MultipartFile file) throws IOException {
		if (file == null || file.isEmpty()) {
			throw ProblemException.invalid("file", "must be a non-empty file");
		}
		String filename = file.getOriginalFilename() == null ? "upload" : file.getOriginalFilename();
		// The name goes on to Meta in a part's header, and no system names a file with a control character.
		if (filename.chars().anyMatch(Character::isISOControl)) {
			throw ProblemException.invalid("file", "its name must not contain control characters");
		}
		String type = file.getContentType() == null ? "application/octet-stream" : file.getContentType();
		try {
			return new Uploaded(graph.uploadMedia(file.getBytes(), type, filename));
		}
		catch (GraphException ex) {
			throw unavailable(ex);
		}
	}

	private Optional<Cached> cached(String mediaId) {
		return jdbc.sql("SELECT bytes, mime_type FROM whatsapp_media WHERE media_id = ?").param(mediaId)
			.query((rs, row) -> new Cached(rs.getBytes("bytes"), rs.getString("mime_type"))).optional();
	}

	private Cached fetch(String mediaId) {
		try {
			GraphClient.Media media = graph.downloadMedia(mediaId);
			jdbc.sql("INSERT INTO whatsapp_media (media_id, mime_type, bytes) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
				.params(mediaId, media.mimeType(), media.bytes()).update();
			return new Cached(media.bytes(), media.mimeType());
		}
		catch (GraphException ex) {
			throw unavailable(ex);
		}
	}

	private static ProblemException unavailable(GraphException ex) {
		return new ProblemException(HttpStatus.BAD_GATEWAY, "whatsapp-media-unavailable", "Media unavailable",
				"WhatsApp did not provide the media: " + ex.getMessage());
	}

}
