package io.tripdesk.whatsapp.internal.sandbox;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Draws the photos simulated customers send: a postcard with the media id, so each is recognisable. */
final class SandboxPictures {

	private SandboxPictures() {
	}

	static byte[] placeholder(String mediaId) {
		BufferedImage image = new BufferedImage(320, 200, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = image.createGraphics();
		int hue = Math.abs(mediaId.hashCode());
		g.setColor(Color.getHSBColor((hue % 360) / 360f, 0.45f, 0.85f));
		g.fillRect(0, 0, 320, 200);
		g.setColor(Color.WHITE);
		g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
		g.drawString("Sandbox photo", 20, 90);
		g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
		g.drawString("media " + mediaId, 20, 120);
		g.dispose();
		try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
			ImageIO.write(image, "png", out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
