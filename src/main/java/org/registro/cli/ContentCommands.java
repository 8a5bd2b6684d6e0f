package org.registro.cli;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.registro.common.Progress;
import org.registro.content.ContentFile;
import org.registro.content.ContentItem;
import org.registro.content.ContentService;
import org.registro.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code registro content list|add|import|unknown|map|archive}: the content library — news, causes and appeals,
 * events, volunteering calls, products and offers — and how imported activity names each item.
 */
@Command(name = "content", description = "The content library: news, causes and appeals, events, volunteering "
        + "calls, products and offers, and the campaigns and URLs in imported activity that name each one.",
        subcommands = {ContentCommands.ListItems.class, ContentCommands.Add.class, ContentCommands.Import.class,
                ContentCommands.Unknown.class, ContentCommands.MapReference.class, ContentCommands.Archive.class})
final class ContentCommands {

    @ParentCommand
    RegistroCommand root;

    static ContentService service(RegistroCommand root, Workspace ws) {
        return root.session(ws).content();
    }

    static Map<String, Object> json(ContentItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", i.key());
        m.put("kind", i.kind());
        m.put("title", i.title());
        m.put("summary", i.summary());
        m.put("url", i.url());
        m.put("language", i.language());
        m.put("commercial", i.commercial());
        m.put("repeatable", i.repeatable());
        m.put("startsOn", i.startsOn() == null ? null : i.startsOn().toString());
        m.put("endsOn", i.endsOn() == null ? null : i.endsOn().toString());
        m.put("topics", i.topics());
        m.put("tags", i.tags());
        m.put("channels", i.channels());
        List<Map<String, String>> refs = new ArrayList<>();
        i.references().forEach(r -> refs.add(Map.of("kind", r.kind(), "value", r.value())));
        m.put("references", refs);
        m.put("archived", i.archived());
        return m;
    }

    @Command(name = "list", description = "The items, with their topics and the campaigns or URLs that name them.")
    static final class ListItems implements Callable<Integer> {
        @ParentCommand
        ContentCommands parent;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspaceToRead()) {
                List<ContentItem> items = service(parent.root, ws).list();
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(items.stream().map(ContentCommands::json).toList());
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                for (ContentItem i : items) {
                    rows.add(List.of(i.key(), i.kind(), i.title(), String.join(", ", i.topics()),
                            i.language() == null ? "" : i.language(), i.endsOn() == null ? "" : "until " + i.endsOn(),
                            String.join(" | ", i.references().stream().map(ContentItem.Reference::value).toList()),
                            i.archived() ? "archived" : ""));
                }
                out.table(List.of("key", "kind", "title", "topics", "language", "dates", "named by", ""), rows);
                return 0;
            }
        }
    }

    @Command(name = "add", description = "Add an item, or replace the one with this key.")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        ContentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "A short key, e.g. winter-appeal.")
        String key;
        @Option(names = "--title", required = true, paramLabel = "TEXT")
        String title;
        @Option(names = "--kind", defaultValue = "news", paramLabel = "KIND",
                description = "news, cause, appeal, event, volunteering, product or offer (default: news).")
        String kind;
        @Option(names = "--summary", paramLabel = "TEXT")
        String summary;
        @Option(names = "--url", paramLabel = "URL")
        String url;
        @Option(names = "--language", paramLabel = "CODE", description = "e.g. es (default: for everyone).")
        String language;
        @Option(names = "--topic", paramLabel = "TOPIC", description = "A preference-centre topic (repeatable).")
        List<String> topics = new ArrayList<>();
        @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable).")
        List<String> tags = new ArrayList<>();
        @Option(names = "--channel", paramLabel = "CHANNEL", description = "A channel it suits (repeatable; "
                + "default: every channel).")
        List<String> channels = new ArrayList<>();
        @Option(names = "--campaign", paramLabel = "NAME", description = "A campaign, cause or event name in "
                + "imported activity that means this item (repeatable).")
        List<String> campaigns = new ArrayList<>();
        @Option(names = "--reference", paramLabel = "URL", description = "A URL or id in imported activity that "
                + "means this item (repeatable).")
        List<String> references = new ArrayList<>();
        @Option(names = "--starts", paramLabel = "DATE")
        LocalDate starts;
        @Option(names = "--ends", paramLabel = "DATE")
        LocalDate ends;
        @Option(names = "--not-commercial", description = "Offering it is not marketing (no opt-in needed).")
        boolean notCommercial;
        @Option(names = "--once", description = "Doing it once is enough: never offered again to who did.")
        boolean once;

        @Override
        public Integer call() {
            List<ContentItem.Reference> refs = new ArrayList<>();
            campaigns.forEach(c -> refs.add(new ContentItem.Reference(ContentItem.Reference.CAMPAIGN, c)));
            references.forEach(c -> refs.add(new ContentItem.Reference(ContentItem.Reference.REFERENCE, c)));
            try (Workspace ws = parent.root.openWorkspace()) {
                ContentItem saved = service(parent.root, ws).save(new ContentItem(null, key.strip(), kind, title,
                        summary, url, language, !notCommercial, !once, starts, ends, topics, tags, channels, refs,
                        false));
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(json(saved));
                } else {
                    out.line("Saved " + saved.kind() + " " + saved.key() + ": " + saved.title() + ".");
                }
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Add or replace items from a CSV or Excel file (columns: key, kind, "
            + "title, summary, url, topics, tags, language, channels, starts_on, ends_on, commercial, repeatable, "
            + "campaigns, references; in English or Spanish). Rows that cannot be items go to a reject file.")
    static final class Import implements Callable<Integer> {
        @ParentCommand
        ContentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ContentFile.Imported done = new ContentFile(service(parent.root, ws)).importFile(file,
                        ws.rejectsDir(), Progress.NONE);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("added", done.added());
                    m.put("updated", done.updated());
                    m.put("rejected", done.rejected());
                    m.put("rejects", done.rejects() == null ? null : done.rejects().toString());
                    out.json(m);
                } else {
                    out.line(String.format("%d added, %d updated, %d rejected%s", done.added(), done.updated(),
                            done.rejected(), done.rejects() == null ? "" : " (see " + done.rejects() + ")"));
                }
                return done.rejected() > 0 ? 1 : 0;
            }
        }
    }

    @Command(name = "unknown", description = "Campaigns in imported activity that no item names yet, most people "
            + "first: map each to an item with 'content map'.")
    static final class Unknown implements Callable<Integer> {
        @ParentCommand
        ContentCommands parent;
        @Spec
        CommandSpec spec;
        @Option(names = "--limit", defaultValue = "50")
        int limit;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspaceToRead()) {
                List<ContentService.Unknown> unknown = service(parent.root, ws).unknownCampaigns(limit);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(unknown);
                    return 0;
                }
                List<List<String>> rows = new ArrayList<>();
                unknown.forEach(u -> rows.add(List.of(u.value(), Long.toString(u.people()), Long.toString(u.events()),
                        u.last().toLocalDate().toString())));
                out.table(List.of("campaign", "people", "events", "last"), rows);
                return 0;
            }
        }
    }

    @Command(name = "map", description = "Say which item a campaign (or, with --reference, a URL) in imported "
            + "activity means.")
    static final class MapReference implements Callable<Integer> {
        @ParentCommand
        ContentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "VALUE", description = "The campaign name or URL as imported.")
        String value;
        @Parameters(index = "1", paramLabel = "ITEM", description = "The item's key.")
        String item;
        @Option(names = "--reference", description = "VALUE is a URL or id, not a campaign name.")
        boolean reference;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                ContentItem saved = service(parent.root, ws).map(reference ? ContentItem.Reference.REFERENCE
                        : ContentItem.Reference.CAMPAIGN, value, item);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(json(saved));
                } else {
                    out.line("\"" + value + "\" now means " + saved.key() + ".");
                }
                return 0;
            }
        }
    }

    @Command(name = "archive", description = "Archive an item (never offered again, its history kept), or bring "
            + "it back with --restore.")
    static final class Archive implements Callable<Integer> {
        @ParentCommand
        ContentCommands parent;
        @Spec
        CommandSpec spec;
        @Parameters(index = "0", paramLabel = "ITEM")
        String item;
        @Option(names = "--restore")
        boolean restore;

        @Override
        public Integer call() {
            try (Workspace ws = parent.root.openWorkspace()) {
                service(parent.root, ws).archive(item, !restore);
                Output out = new Output(spec, parent.root.json);
                if (out.json()) {
                    out.json(Map.of("key", item, "archived", !restore));
                } else {
                    out.line((restore ? "Restored " : "Archived ") + item + ".");
                }
                return 0;
            }
        }
    }
}
