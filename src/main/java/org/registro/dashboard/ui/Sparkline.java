package org.registro.dashboard.ui;

import java.util.List;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Control;
import javafx.scene.control.Skin;
import javafx.scene.control.SkinBase;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polyline;

/** A small line of values over time (a segment's size count by count), its last point marked. */
public final class Sparkline extends Control {

    private final ObjectProperty<List<? extends Number>> values = new SimpleObjectProperty<>(this, "values",
            List.of());

    public Sparkline(List<? extends Number> values) {
        getStyleClass().add("sparkline");
        this.values.set(values);
        setPrefSize(110, 28);
        setMinSize(110, 28);
    }

    public ObjectProperty<List<? extends Number>> valuesProperty() {
        return values;
    }

    @Override
    protected Skin<?> createDefaultSkin() {
        return new SkinBase<>(this) {
            private final Polyline line = new Polyline();
            private final Circle dot = new Circle(2.5);

            {
                line.getStyleClass().add("spark-line");
                dot.getStyleClass().add("spark-dot");
                getChildren().addAll(line, dot);
                values.addListener((o, a, b) -> getSkinnable().requestLayout());
            }

            @Override
            protected void layoutChildren(double x, double y, double w, double h) {
                List<? extends Number> v = values.get();
                line.getPoints().clear();
                dot.setVisible(!v.isEmpty());
                if (v.isEmpty()) {
                    return;
                }
                double min = v.stream().mapToDouble(Number::doubleValue).min().orElse(0);
                double max = v.stream().mapToDouble(Number::doubleValue).max().orElse(0);
                double span = max - min == 0 ? 1 : max - min;
                for (int i = 0; i < v.size(); i++) {
                    double px = x + (v.size() == 1 ? w : w * i / (v.size() - 1));
                    double py = y + h - 3 - (h - 6) * (v.get(i).doubleValue() - min) / span;
                    line.getPoints().addAll(px, py);
                }
                int last = line.getPoints().size();
                dot.setCenterX(line.getPoints().get(last - 2));
                dot.setCenterY(line.getPoints().get(last - 1));
            }
        };
    }

    @Override
    public String getUserAgentStylesheet() {
        return Sparkline.class.getResource("/org/registro/dashboard/ui/dashboard.css").toExternalForm();
    }
}
