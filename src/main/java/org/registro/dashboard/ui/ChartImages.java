package org.registro.dashboard.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javafx.scene.Node;
import javafx.scene.SnapshotParameters;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.registro.common.RegistroException;

/** A chart saved as a PNG file, as it looks on screen (the theme's colours included). */
public final class ChartImages {

    private ChartImages() {
    }

    /** Takes the picture on the FX thread; writing it may happen on any thread. */
    public static BufferedImage picture(Node node) {
        WritableImage image = node.snapshot(new SnapshotParameters(), null);
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        int[] argb = new int[w * h];
        image.getPixelReader().getPixels(0, 0, w, h, PixelFormat.getIntArgbInstance(), argb, 0, w);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, argb, 0, w);
        return out;
    }

    public static void write(BufferedImage picture, Path file) {
        try {
            if (!ImageIO.write(picture, "png", file.toFile())) {
                throw new IOException("no PNG writer");
            }
        } catch (IOException e) {
            throw new RegistroException(e, "error.file.write", file.toString(), e.getMessage());
        }
    }
}
