package org.registro.app;

import atlantafx.base.theme.Styles;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.function.BiConsumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.StackedBarChart;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.registro.common.Messages;
import org.registro.dashboard.Dashboard;
import org.registro.dashboard.ui.ChartImages;
import org.registro.ui.I18n;

/**
 * Home's charts, month by month: who can be emailed (per topic), opt-ins against withdrawals with where opt-ins
 * came from, and new contacts by where they came from; each saves as a PNG.
 */
final class HomeCharts {

    private final VBox charts = new VBox(18);
    private final BiConsumer<java.awt.image.BufferedImage, Path> savePicture;

    HomeCharts(BiConsumer<java.awt.image.BufferedImage, Path> savePicture) {
        this.savePicture = savePicture;
    }

    Node view() {
        return charts;
    }

    /** Shows the months of {@code f}. */
    void show(Dashboard.Figures f) {
        charts.getChildren().clear();
        DateTimeFormatter month = DateTimeFormatter.ofPattern("MMM yy", Messages.locale());
        List<String> labels = f.months().stream().map(m -> m.format(month)).toList();

        LineChart<String, Number> trend = new LineChart<>(new CategoryAxis(), new NumberAxis());
        trend.setId("home-chart-trend");
        trend.setCreateSymbols(false);
        f.optedIn().stream().filter(s -> s.key().equals("email") || s.key().startsWith("email|")).forEach(s -> {
            String topic = s.key().contains("|") ? s.key().substring(s.key().indexOf('|') + 1) : "";
            trend.getData().add(series(topic.isEmpty() ? I18n.t("home.reach.any")
                    : f.topicNames().getOrDefault(topic, topic), labels, s.values()));
        });
        LineChart<String, Number> trendChart = trend;

        BarChart<String, Number> flows = new BarChart<>(new CategoryAxis(), new NumberAxis());
        flows.setId("home-chart-flows");
        flows.getData().add(series(I18n.t("home.chart.optIns"), labels, sum(f.optIns(), labels.size())));
        flows.getData().add(series(I18n.t("home.chart.withdrawals"), labels, sum(f.withdrawals(), labels.size())));

        StackedBarChart<String, Number> added = new StackedBarChart<>(new CategoryAxis(), new NumberAxis());
        added.setId("home-chart-new");
        f.newContacts().forEach(s -> added.getData().add(series(I18n.t("import.party." + s.key()), labels,
                s.values())));

        Label sources = HomePage.muted(sourcesText(f));
        sources.setWrapText(true);
        sources.setMaxWidth(560);
        sources.setMinHeight(Region.USE_PREF_SIZE);
        for (XYChart<?, ?> c : List.of(trendChart, flows, added)) {
            c.setAnimated(false);
            c.setPrefSize(560, 280);
            c.setMinHeight(240);
        }
        HBox first = new HBox(24, chart("home.chart.trend", "reach", trendChart),
                chart("home.chart.flows", "optins", new VBox(6, flows, sources)));
        HBox second = new HBox(24, chart("home.chart.new", "new-contacts", added));
        first.setAlignment(Pos.TOP_LEFT);
        charts.getChildren().setAll(first, second);
    }

    /** Where opt-ins came from in the last three months, the most first. */
    private static String sourcesText(Dashboard.Figures f) {
        List<String> parts = f.optIns().stream().map(s -> new Object[] {s.key(), s.values().subList(
                        s.values().size() - 3, s.values().size()).stream().mapToLong(Long::longValue).sum()})
                .filter(p -> (long) p[1] > 0).sorted((a, b) -> Long.compare((long) b[1], (long) a[1])).limit(4)
                .map(p -> sourceName((String) p[0]) + " " + I18n.number((long) p[1])).toList();
        return parts.isEmpty() ? I18n.t("home.chart.noOptIns") : I18n.t("home.chart.sources", String.join(" · ", parts));
    }

    private static String sourceName(String key) {
        return key.startsWith("method:") ? Messages.getOr("consent.method." + key.substring(7), key.substring(7))
                : I18n.sourceName(key);
    }

    private static List<Long> sum(List<Dashboard.Series> series, int months) {
        long[] total = new long[months];
        series.forEach(s -> {
            for (int i = 0; i < months; i++) {
                total[i] += s.values().get(i);
            }
        });
        return java.util.Arrays.stream(total).boxed().toList();
    }

    private static XYChart.Series<String, Number> series(String name, List<String> labels, List<Long> values) {
        XYChart.Series<String, Number> s = new XYChart.Series<>();
        s.setName(name);
        for (int i = 0; i < labels.size(); i++) {
            s.getData().add(new XYChart.Data<>(labels.get(i), values.get(i)));
        }
        return s;
    }

    /** A chart under its title, with a button that saves it as a PNG. */
    private Node chart(String titleKey, String id, Node chart) {
        Label title = new Label(I18n.t(titleKey));
        title.getStyleClass().add(Styles.TITLE_4);
        title.setWrapText(true);
        Button png = new Button(null, new FontIcon(MaterialDesignD.DOWNLOAD_OUTLINE));
        png.setId("home-png-" + id);
        png.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        png.setTooltip(new Tooltip(I18n.t("home.chart.png")));
        png.setOnAction(e -> {
            FileChooser chooser = new FileChooser();
            chooser.setInitialFileName(id + ".png");
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG", "*.png"));
            java.io.File file = chooser.showSaveDialog(charts.getScene().getWindow());
            if (file != null) {
                savePicture.accept(ChartImages.picture(chart), file.toPath());
            }
        });
        HBox head = new HBox(8, title, HomePage.spacer(), png);
        head.setAlignment(Pos.CENTER_LEFT);
        VBox box = new VBox(6, head, chart);
        box.setId("home-chart-box-" + id);
        HBox.setHgrow(box, Priority.ALWAYS);
        return box;
    }
}
