package io.tripdesk.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in real headless Chromium against this running Tripdesk (demo data, WhatsApp sandbox):
 * runs {@code frontend/e2e/run.mjs} (playwright-core) and fails if any of its scenarios fails. Screenshots
 * land in {@code target/e2e-screenshots}.
 */
@TestPropertySource(properties = "tripdesk.demo=true")
class DashboardEndToEndTests extends IntegrationTest {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	@Test
	void theDashboardWorksInARealBrowser() throws IOException, InterruptedException {
		if (!new ClassPathResource("static/index.html").exists()) {
			fail("The dashboard is not built: run the build without -DskipFrontend (it needs Node.js and npm).");
		}
		if (!Files.isExecutable(CHROMIUM)) {
			fail("Debian's chromium is missing (/usr/bin/chromium): apt-get install -y chromium, as .ci/run does.");
		}
		Path screenshots = Path.of("target", "e2e-screenshots").toAbsolutePath();
		ProcessBuilder builder = new ProcessBuilder("node", "e2e/run.mjs").directory(Path.of("frontend").toFile())
			.redirectErrorStream(true);
		builder.environment().put("BASE_URL", "http://localhost:" + port);
		builder.environment().put("ADMIN_EMAIL", ADMIN_EMAIL);
		builder.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
		builder.environment().put("SCREENSHOTS", screenshots.toString());
		builder.environment().put("CHROMIUM", CHROMIUM.toString());
		Process process = builder.start();
		String output;
		try (var stream = process.getInputStream()) {
			boolean finished = process.waitFor(240, TimeUnit.SECONDS);
			if (!finished) {
				process.destroyForcibly();
			}
			output = new String(stream.readAllBytes(), StandardCharsets.UTF_8);
		}
		System.out.println(output);
		assertThat(process.exitValue()).as("browser scenarios:%n%s", output).isZero();
		assertThat(output).contains("6 passed, 0 failed");
		assertThat(screenshots.resolve("inbox.png")).exists();
	}

}
