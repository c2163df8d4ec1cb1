package io.tripdesk.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

import io.tripdesk.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The dashboard in a real headless Chromium against this Tripdesk (with the demo agency's data): runs
 * {@code frontend/e2e/run.mjs} (playwright-core driving Debian's chromium) as a child process and
 * expects it to pass. Screenshots of every main view land in {@code target/e2e-screenshots/}. Nothing is
 * skipped: a missing browser, node or built front end fails this test and says what to do.
 */
@TestPropertySource(properties = "tripdesk.demo=true")
class DashboardEndToEndTests extends IntegrationTest {

	private static final long TIMEOUT_MINUTES = 10;

	@Test
	void theDashboardWorksInARealBrowser() throws Exception {
		Path project = Path.of("").toAbsolutePath();
		Path frontend = project.resolve("frontend");
		Path script = frontend.resolve("e2e/run.mjs");
		String chromium = System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium");

		assertThat(script).as("the end-to-end script %s", script).exists();
		assertThat(getClass().getResource("/static/index.html"))
			.as("The built dashboard is not on the classpath (target/classes/static/index.html): "
					+ "build with the front end, i.e. without -DskipFrontend")
			.isNotNull();
		assertThat(frontend.resolve("node_modules/playwright-core"))
			.as("playwright-core is not installed: run `npm ci` in frontend/ (the Maven build does it)")
			.exists();
		assertThat(Path.of(chromium))
			.as("Chromium is missing at %s: install it (apt-get install -y chromium; .ci/run does) or set CHROMIUM_PATH",
					chromium)
			.exists();

		Path screenshots = project.resolve("target/e2e-screenshots");
		Files.createDirectories(screenshots);
		ProcessBuilder builder = new ProcessBuilder("node", "--test-reporter=spec", "e2e/run.mjs")
			.directory(frontend.toFile())
			.redirectErrorStream(true);
		builder.environment().put("BASE_URL", "http://localhost:" + port);
		builder.environment().put("ADMIN_EMAIL", ADMIN_EMAIL);
		builder.environment().put("ADMIN_PASSWORD", ADMIN_PASSWORD);
		builder.environment().put("SCREENSHOT_DIR", screenshots.toString());
		builder.environment().put("CHROMIUM_PATH", chromium);
		builder.environment().put("NO_COLOR", "1");

		Process process;
		try {
			process = builder.start();
		}
		catch (IOException ex) {
			throw new AssertionError("Could not start node (Node.js 20.19+ must be on the PATH): " + ex.getMessage(), ex);
		}
		Deque<String> tail = new ArrayDeque<>();
		Thread pump = new Thread(() -> {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					System.out.println("[e2e] " + line);
					synchronized (tail) {
						tail.addLast(line);
						if (tail.size() > 150) {
							tail.removeFirst();
						}
					}
				}
			}
			catch (IOException ex) {
				System.out.println("[e2e] output stream closed: " + ex.getMessage());
			}
		}, "e2e-output");
		pump.setDaemon(true);
		pump.start();

		long started = System.nanoTime();
		if (!process.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
			process.destroyForcibly();
			fail("The end-to-end run did not finish within " + TIMEOUT_MINUTES + " minutes:\n" + text(tail));
		}
		pump.join(TimeUnit.SECONDS.toMillis(10));
		long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
		System.out.println("[e2e] finished in " + seconds + " s with exit code " + process.exitValue());
		assertThat(process.exitValue()).as("the end-to-end run (frontend/e2e/run.mjs) failed:\n%s", text(tail)).isZero();
	}

	private static String text(Deque<String> tail) {
		synchronized (tail) {
			return String.join("\n", tail);
		}
	}

}
