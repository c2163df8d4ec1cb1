package io.tripdesk.whatsapp.internal.config;

import java.security.SecureRandom;
import java.util.HexFormat;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The settings in force: configured values, or for secrets left unset the ones generated at first
 * start (stored, so every node and every restart uses the same). In sandbox mode the Graph API is this
 * very application, under {@code /sandbox/graph}.
 */
@Component
public class WhatsAppSettings {

	private static final Logger log = LoggerFactory.getLogger(WhatsAppSettings.class);

	private final WhatsAppProperties properties;

	private final JdbcClient jdbc;

	private volatile @Nullable String appSecret;

	private volatile @Nullable String verifyToken;

	private volatile @Nullable String accessToken;

	private volatile int localPort;

	WhatsAppSettings(WhatsAppProperties properties, JdbcClient jdbc) {
		this.properties = properties;
		this.jdbc = jdbc;
	}

	public boolean sandbox() {
		return properties.sandbox();
	}

	public String appSecret() {
		String value = appSecret;
		if (value == null) {
			value = appSecret = configuredOrStored(properties.appSecret(), "app_secret");
		}
		return value;
	}

	public String verifyToken() {
		String value = verifyToken;
		if (value == null) {
			value = verifyToken = configuredOrStored(properties.verifyToken(), "verify_token");
		}
		return value;
	}

	public String accessToken() {
		String value = accessToken;
		if (value == null) {
			value = accessToken = configuredOrStored(properties.accessToken(), "sandbox_access_token");
		}
		return value;
	}

	public boolean appSecretGenerated() {
		return blank(properties.appSecret());
	}

	public boolean verifyTokenGenerated() {
		return blank(properties.verifyToken());
	}

	public String phoneNumberId() {
		return properties.phoneNumberId();
	}

	public String businessAccountId() {
		return properties.businessAccountId();
	}

	public String graphVersion() {
		return properties.graphVersion();
	}

	/** Meta's Graph API, or the sandbox's, without a trailing slash. */
	public String graphBaseUrl() {
		if (sandbox()) {
			return localBaseUrl() + "/sandbox/graph";
		}
		String url = properties.graphBaseUrl();
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	/** Where this node serves HTTP, for the sandbox calling back as Meta would. */
	public String localBaseUrl() {
		return "http://127.0.0.1:" + localPort;
	}

	public WhatsAppProperties properties() {
		return properties;
	}

	@EventListener
	void onWebServer(WebServerInitializedEvent event) {
		if (event.getApplicationContext().getServerNamespace() == null) {
			localPort = event.getWebServer().getPort();
			if (sandbox()) {
				log.info("WhatsApp sandbox mode: no access token configured; Graph API simulated at {}", graphBaseUrl());
			}
		}
	}

	/** A configured value, or the stored generated one (made now if this is the first start). */
	private String configuredOrStored(@Nullable String configured, String key) {
		if (!blank(configured)) {
			return configured;
		}
		byte[] random = new byte[24];
		new SecureRandom().nextBytes(random);
		jdbc.sql("INSERT INTO whatsapp_setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING")
			.params(key, HexFormat.of().formatHex(random)).update();
		return jdbc.sql("SELECT value FROM whatsapp_setting WHERE key = ?").param(key).query(String.class).single();
	}

	private static boolean blank(@Nullable String value) {
		return value == null || value.isBlank();
	}

}
