package org.registro.audience;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.registro.segment.Rule;
import org.registro.segment.RuleIndex;
import org.registro.workspace.Changes;
import org.registro.workspace.Workspace;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.longlong.Roaring64Bitmap;

/**
 * The audience index kept exact as the workspace changes (issue 21). Built in the background when started;
 * afterwards every commit the workspace's change feed reports is applied on one worker thread (those heard while
 * it is busy, together): the contacts they changed are read again into a small index laid over the larger ones
 * (their old positions hidden), and when a tag, source, field or segment changed, every part's catalogue is read
 * again. Many small parts are folded into one; a change too large for a part rebuilds the whole index. A question first waits until every commit
 * reported before it has been applied, so no answer is older than the data; while the index is being built, or
 * after it failed, {@link #members} answers empty and the caller counts in SQL.
 */
public final class LiveAudience implements RuleIndex, AutoCloseable {

    /** The tables whose rows rules read, with the column naming the contact (null: a catalogue table). */
    private static final String[][] WATCHED = {
        {"contact", "id"}, {"contact_tag", "contact_id"}, {"identifier", "contact_id"},
        {"consent_state", "contact_id"}, {"event", "contact_id"}, {"contact_value", "contact_id"},
        {"contact_score", "contact_id"}, {"identity_conflict", "contact_id"},
        {"identity_conflict", "other_contact_id"}, {"contact_next", "contact_id"}, {"tag", null},
        {"content_item", null}, {"content_item_topic", null}, {"source", null}, {"field_definition", null},
        {"segment", null}, {"segment_member", null},
    };
    /** More small parts than this are folded into one. */
    private static final int MAX_PARTS = 8;
    /** How long a question waits for the index to apply the changes before it (then: SQL). */
    private static final long CATCH_UP_MS = 3_000;

    /** One index and the positions in it that later parts replace. */
    private record Part(AudienceIndex index, RoaringBitmap hidden) {
    }

    private final Workspace workspace;
    private final ExecutorService worker;
    private final Runnable stopListening;
    private final AtomicLong heard = new AtomicLong();
    private final Object pendingLock = new Object();
    private Roaring64Bitmap pendingContacts = new Roaring64Bitmap();
    private final java.util.Set<String> pendingCatalogue = new java.util.TreeSet<>();
    private long pendingBatches;
    private boolean drainQueued;
    private final Object appliedLock = new Object();
    private long applied;
    private volatile List<Part> parts;
    private volatile Status status = Status.BUILDING;
    private volatile String failure;
    private volatile long lastBuildMs;
    private volatile boolean started;
    /** Changes to more contacts than this (beside those already laid over the base) rebuild the whole index. */
    private final int rebuildAbove;

    public LiveAudience(Workspace workspace) {
        this(workspace, 20_000);
    }

    /** With {@code rebuildAbove} at least 1/20 of the contacts (tests make it small to rebuild often). */
    LiveAudience(Workspace workspace, int rebuildAbove) {
        this.workspace = workspace;
        this.rebuildAbove = rebuildAbove;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "audience-index");
            t.setDaemon(true);
            t.setPriority(Thread.NORM_PRIORITY - 1);
            return t;
        });
        if (!workspace.readOnly()) {
            for (String[] table : WATCHED) {
                workspace.changes().watch(workspace.dsl(), table[0], table[1]);
            }
        }
        this.stopListening = workspace.changes().listen(this::heard);
    }

    /** Builds the index in the background; counts come from SQL until it is ready. */
    public synchronized LiveAudience start() {
        if (!started) {
            started = true;
            submit(() -> {
                rebuild();
                return 1;
            });
        }
        return this;
    }

    /** Whether it was started (the app starts it; a command line count answers in SQL). */
    public boolean started() {
        return started;
    }

    /** Waits until the index answers (or failed); true when it answers. */
    public boolean awaitReady(long timeout, TimeUnit unit) {
        return caughtUp(unit.toMillis(timeout)) && status == Status.READY;
    }

    @Override
    public Status status() {
        return status;
    }

    /** Why the index could not be built, when it failed. */
    public Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    /** How long the last full build took. */
    public long lastBuildMs() {
        return lastBuildMs;
    }

    /** Rough heap the index holds, in bytes. */
    public long heapBytes() {
        List<Part> p = parts;
        return p == null ? 0 : p.stream().mapToLong(x -> x.index().heapBytes() + x.hidden().getSizeInBytes()).sum();
    }

    /** How many parts the index is in now (the base and the changes laid over it). */
    public int parts() {
        List<Part> p = parts;
        return p == null ? 0 : p.size();
    }

    @Override
    public Optional<Members> members(Rule rule, OffsetDateTime at) {
        List<Part> view = answering();
        List<RoaringBitmap> chosen = view == null ? null : chosen(view, rule, at);
        return chosen == null ? Optional.empty() : Optional.of(new Found(view, chosen));
    }

    @Override
    public boolean visit(Rule rule, OffsetDateTime at, String channel, String topic,
                         java.util.function.Consumer<Standing> each) {
        List<Part> view = answering();
        List<RoaringBitmap> chosen = view == null ? null : chosen(view, rule, at);
        if (chosen == null) {
            return false;
        }
        for (int i = 0; i < view.size(); i++) {
            new IndexStanding(view.get(i).index(), channel, topic).visit(chosen.get(i), each);
        }
        return true;
    }

    /** How many active contacts have each data-quality issue, or empty when the index cannot answer now. */
    public Optional<java.util.Map<org.registro.contact.DataQuality.Issue, Long>> qualityCounts() {
        List<Part> view = answering();
        if (view == null) {
            return Optional.empty();
        }
        var counts = QualityCounts.empty();
        for (Part part : view) {
            QualityCounts.add(part.index(), part.hidden(), counts);
        }
        return Optional.of(counts);
    }

    /**
     * The parts to answer from, or null when the index cannot answer now: before the first build or after a
     * failure at once; behind by a few changes, or rebuilding after a large one, after waiting a little for it.
     */
    private List<Part> answering() {
        if (lastBuildMs == 0 || status == Status.FAILED || !caughtUp(CATCH_UP_MS) || status != Status.READY) {
            return null;
        }
        return parts;
    }

    /** The rule's members in each part (null rule: everyone not merged), or null for a rule it does not know. */
    private static List<RoaringBitmap> chosen(List<Part> view, Rule rule, OffsetDateTime at) {
        List<RoaringBitmap> chosen = new ArrayList<>(view.size());
        for (Part part : view) {
            Optional<RoaringBitmap> m = rule == null ? Optional.of(IndexStanding.notMerged(part.index()))
                    : new IndexEvaluator(part.index(), at).members(rule);
            if (m.isEmpty()) {
                return null;
            }
            chosen.add(RoaringBitmap.andNot(m.get(), part.hidden()));
        }
        return chosen;
    }

    /** The members found in each part. */
    private record Found(List<Part> view, List<RoaringBitmap> chosen) implements Members {
        @Override
        public long count() {
            return chosen.stream().mapToLong(RoaringBitmap::getLongCardinality).sum();
        }

        @Override
        public long[] ids() {
            long[] all = new long[(int) count()];
            int at = 0;
            for (int i = 0; i < view.size(); i++) {
                long[] ids = view.get(i).index().ids(chosen.get(i));
                System.arraycopy(ids, 0, all, at, ids.length);
                at += ids.length;
            }
            if (view.size() > 1) {
                Arrays.sort(all);
            }
            return all;
        }

        @Override
        public long[] firstByName(int limit) {
            List<Long> candidates = new ArrayList<>();
            for (int i = 0; i < view.size(); i++) {
                AudienceIndex index = view.get(i).index();
                RoaringBitmap members = chosen.get(i);
                int taken = 0;
                for (int p : index.nameOrder()) {
                    if (taken == limit) {
                        break;
                    }
                    if (members.contains(p)) {
                        candidates.add(index.ids[p]);
                        taken++;
                    }
                }
            }
            return candidates.stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        public long[] ordered(org.registro.contact.ContactSort sort, String channel, boolean ascending) {
            return IndexOrder.ordered(view.stream().map(Part::index).toList(), chosen, sort, channel, ascending);
        }
    }

    // ---------------------------------------------------------------- applying changes

    /**
     * Notes a commit. Commits heard while the worker is busy are applied together (a long import commits every
     * 10,000 rows; a rebuild of a million contacts takes seconds): one drain takes them all.
     */
    private void heard(Changes.Batch batch) {
        if (!started) {
            return; // not in use (a single command): the build, when it starts, reads what is there then
        }
        synchronized (pendingLock) {
            pendingContacts.or(batch.contacts());
            pendingCatalogue.addAll(batch.catalogue());
            pendingBatches++;
            heard.incrementAndGet();
            if (drainQueued) {
                return;
            }
            drainQueued = true;
        }
        submit(this::drain);
    }

    /** Applies every commit heard so far as one; returns how many commits that was. */
    private long drain() {
        Changes.Batch merged;
        long taken;
        synchronized (pendingLock) {
            merged = new Changes.Batch(pendingContacts, java.util.Set.copyOf(pendingCatalogue));
            taken = pendingBatches;
            pendingContacts = new Roaring64Bitmap();
            pendingCatalogue.clear();
            pendingBatches = 0;
            drainQueued = false;
        }
        try {
            apply(merged);
        } catch (RuntimeException e) {
            if (!workspace.isClosed()) {
                failed(e);
            }
        }
        return taken;
    }

    /** Runs {@code task} on the worker; it returns how many heard commits (or builds) it covered. */
    private void submit(java.util.function.LongSupplier task) {
        try {
            worker.execute(() -> {
                long covered = 1;
                try {
                    covered = task.getAsLong();
                } catch (RuntimeException e) {
                    if (!workspace.isClosed()) {
                        failed(e);
                    }
                } finally {
                    synchronized (appliedLock) {
                        applied += covered;
                        appliedLock.notifyAll();
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            // the workspace is closing
        }
    }

    /** Waits until every commit heard before now has been applied; false after {@code timeoutMs}. */
    private boolean caughtUp(long timeoutMs) {
        long target = heard.get() + 1; // the first build counts as one
        long deadline = System.currentTimeMillis() + timeoutMs;
        synchronized (appliedLock) {
            while (applied < target) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    return false;
                }
                try {
                    appliedLock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    private void failed(RuntimeException e) {
        parts = null;
        failure = String.valueOf(e.getMessage());
        status = Status.FAILED;
        System.getLogger(LiveAudience.class.getName()).log(System.Logger.Level.WARNING,
                "The audience index stopped; counts come from the database", e);
    }

    private void rebuild() {
        status = Status.BUILDING;
        parts = null;
        long begun = System.nanoTime();
        AudienceIndex base = AudienceIndex.build(workspace.dsl());
        lastBuildMs = Math.max(1, (System.nanoTime() - begun) / 1_000_000);
        parts = List.of(new Part(base, new RoaringBitmap()));
        failure = null;
        status = Status.READY;
    }

    private void apply(Changes.Batch batch) {
        List<Part> view = parts;
        if (view == null) {
            rebuild(); // the build failed before: try again now that the data changed
            return;
        }
        if (!batch.catalogue().isEmpty()) {
            List<Part> refreshed = new ArrayList<>();
            for (Part p : view) {
                refreshed.add(new Part(p.index().withCatalogue(workspace.dsl()), p.hidden()));
            }
            view = refreshed;
            parts = view;
        }
        if (batch.contacts().isEmpty()) {
            return;
        }
        long[] changed = batch.contacts().toArray();
        int layered = 0;
        for (int i = 1; i < view.size(); i++) {
            layered += view.get(i).index().scope.length;
        }
        if (changed.length + layered > Math.max(rebuildAbove, view.get(0).index().size() / 20)) {
            rebuild();
            return;
        }
        if (view.size() >= MAX_PARTS) {
            view = fold(view);
        }
        parts = over(view, AudienceIndex.build(workspace.dsl(), changed));
    }

    /** The parts with {@code layer} laid over them: its contacts hidden in every part below. */
    private static List<Part> over(List<Part> view, AudienceIndex layer) {
        List<Part> next = new ArrayList<>(view.size() + 1);
        for (Part p : view) {
            RoaringBitmap hidden = p.hidden().clone();
            for (long id : layer.scope) {
                int position = p.index().position(id);
                if (position >= 0) {
                    hidden.add(position);
                }
            }
            next.add(new Part(p.index(), hidden));
        }
        next.add(new Part(layer, new RoaringBitmap()));
        return next;
    }

    /** The base, with every part above it read again as one. */
    private List<Part> fold(List<Part> view) {
        Roaring64Bitmap union = new Roaring64Bitmap();
        for (int i = 1; i < view.size(); i++) {
            for (long id : view.get(i).index().scope) {
                union.addLong(id);
            }
        }
        Part base = view.get(0);
        return over(List.of(base), AudienceIndex.build(workspace.dsl(), union.toArray()));
    }

    @Override
    public void close() {
        stopListening.run();
        worker.shutdownNow();
    }
}
