package org.registro.contact.ui;

import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.IntegerBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.registro.ui.I18n;
import org.registro.ui.TaskRunner;
import org.registro.contact.ContactDraft;
import org.registro.contact.ContactLists;
import org.registro.contact.ContactPage;
import org.registro.contact.ContactProfile;
import java.util.List;
import org.registro.contact.ContactQuery;
import org.registro.contact.ContactQuery.Position;
import org.registro.contact.ContactService;
import org.registro.contact.ContactSort;
import org.registro.contact.ContactSummary;
import org.registro.contact.ContactValidator;
import org.registro.contact.ValidationException;
import org.registro.workspace.UserSettings;

/**
 * The contacts browser: one page of rows at a time from the database, a quick search, server-side
 * sorting, and the selected contact's profile. Every query runs through the task runner; an answer
 * to an older request is dropped, so fast typing never shows stale rows.
 */
public final class ContactsViewModel {

    public static final int PAGE_SIZE = 100;
    /** The optional columns a new user sees: the ones every marketer reads first. */
    public static final List<String> DEFAULT_COLUMNS = List.of("phone", "city", "updated");
    /** Quick search shows up to this many matches; beyond it the count reads "1,000+". */
    public static final long SEARCH_CAP = ContactService.SEARCH_LIMIT;

    private final ContactService contacts;
    private final ContactLists table;
    private final TaskRunner tasks;
    private final UserSettings settings;

    private final ObservableList<ContactSummary> rows = FXCollections.observableArrayList();
    private final LongProperty total = new SimpleLongProperty(this, "total");
    private final IntegerProperty page = new SimpleIntegerProperty(this, "page");
    private final IntegerBinding pageCount;
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<ContactSort> sort = new SimpleObjectProperty<>(this, "sort", ContactSort.NAME);
    /** The channel a consent sort reads. */
    private String sortChannel;
    /** The saved segment whose people the table shows; null: everyone. */
    private final ObjectProperty<String> segment = new SimpleObjectProperty<>(this, "segment");
    private final ObservableList<String> segments = FXCollections.observableArrayList();
    private final ObservableList<String> shownColumns = FXCollections.observableArrayList();
    private final ObservableList<String> channels = FXCollections.observableArrayList();
    private final BooleanProperty ascending = new SimpleBooleanProperty(this, "ascending", true);
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ObjectProperty<ContactProfile> profile = new SimpleObjectProperty<>(this, "profile");
    private List<Object> firstKey;
    private List<Object> lastKey;
    /** The whole list in order, when the table shows a segment or sorts by a figure (else it pages by keyset). */
    private ContactLists.Listing listing;
    private long pageRequest;
    private long profileRequest;

    private record Loaded(ContactPage page, long total, ContactLists.Listing listing) {
    }

    /**
     * @param settings where the chosen columns are remembered (null: not remembered)
     */
    public ContactsViewModel(ContactService contacts, ContactLists table, TaskRunner tasks, UserSettings settings) {
        this.contacts = contacts;
        this.table = table;
        this.tasks = tasks;
        this.settings = settings;
        List<String> saved = settings == null ? null : settings.contactColumns();
        shownColumns.setAll(saved == null ? DEFAULT_COLUMNS : saved);
        this.pageCount = Bindings.createIntegerBinding(
                () -> (int) Math.max(1, (shownTotal() + PAGE_SIZE - 1) / PAGE_SIZE), total, search);
    }

    public void search(String text) {
        search.set(text == null ? "" : text);
        listing = null;
        load(Position.OFFSET, 0);
    }

    public void sortBy(ContactSort column, boolean asc) {
        sortBy(column, null, asc);
    }

    /** Sorts by a column; {@code channel} names the channel of a consent column. */
    public void sortBy(ContactSort column, String channel, boolean asc) {
        sort.set(column);
        sortChannel = channel;
        listing = null;
        ascending.set(asc);
        load(Position.OFFSET, 0);
    }

    /** Shows only a saved segment's people (null: everyone). */
    public void showSegment(String name) {
        segment.set(name == null || name.isBlank() ? null : name);
        listing = null;
        load(Position.OFFSET, 0);
    }

    /** Reads the saved segments the table can show. */
    public void loadSegments() {
        tasks.run(null, p -> table.segmentNames(), segments::setAll, e -> error.set(I18n.errorText(e)));
    }

    /** Reads the channels a consent column can show, off the FX thread. */
    public void loadChannels() {
        tasks.run(null, p -> table.channels(), channels::setAll, e -> error.set(I18n.errorText(e)));
    }

    /** The channels a consent column can show, once {@link #loadChannels()} has read them. */
    public ObservableList<String> channels() {
        return channels;
    }

    /** Shows or hides an optional column, and remembers the choice. */
    public void showColumn(String column, boolean shown) {
        if (shown && !shownColumns.contains(column)) {
            shownColumns.add(column);
        } else if (!shown) {
            shownColumns.remove(column);
        }
        if (settings != null) {
            settings.setContactColumns(shownColumns);
        }
    }

    /**
     * Next and previous pages seek from the current page's boundary row, and the last page reads the
     * order backwards, so every move costs the same at any depth. Search results are few and use offsets.
     */
    public void nextPage() {
        int next = page.get() + 1;
        if (next < pageCount.get()) {
            load(keyset() && lastKey != null ? Position.AFTER : Position.OFFSET, next);
        }
    }

    public void previousPage() {
        int previous = page.get() - 1;
        if (previous >= 0) {
            load(keyset() && previous > 0 && firstKey != null ? Position.BEFORE : Position.OFFSET, previous);
        }
    }

    public void firstPage() {
        load(Position.OFFSET, 0);
    }

    public void lastPage() {
        int last = pageCount.get() - 1;
        load(keyset() ? Position.LAST : Position.OFFSET, last);
    }

    public void refresh() {
        listing = null;
        load(Position.OFFSET, page.get());
        ContactProfile current = profile.get();
        if (current != null) {
            select(current.id());
        }
    }

    private boolean browsing() {
        return search.get().isBlank();
    }

    /** Everyone, by a contact field, no search: pages seek through the contact table's indexes. */
    private boolean keyset() {
        return browsing() && !listed();
    }

    /** A segment shown or a figure sorted by: pages are slices of the whole list, taken once. */
    private boolean listed() {
        return segment.get() != null || sort.get().computed();
    }

    /** The number of rows the pager walks through: all contacts, or the capped search matches. */
    private long shownTotal() {
        return browsing() ? total.get() : Math.min(total.get(), SEARCH_CAP);
    }

    private void load(Position position, int targetPage) {
        long request = ++pageRequest;
        String text = search.get();
        int limit = PAGE_SIZE;
        if (position == Position.LAST) {
            long remainder = total.get() - (long) targetPage * PAGE_SIZE;
            limit = (int) Math.max(1, Math.min(PAGE_SIZE, remainder));
        }
        List<Object> key = position == Position.AFTER ? lastKey : position == Position.BEFORE ? firstKey : null;
        loading.set(true);
        TaskRunner.Job<Loaded> work;
        if (listed()) {
            // a new list when the search, segment or order changed or after a refresh; else a slice of this one
            ContactLists.Listing kept = listing;
            String shown = segment.get();
            ContactSort by = sort.get();
            String channel = sortChannel;
            boolean up = ascending.get();
            int offset = targetPage * PAGE_SIZE;
            work = p -> {
                ContactLists.Listing all = kept != null ? kept
                        : table.people(text, shown, by, channel, up);
                return new Loaded(new ContactPage(table.rows(all, offset, PAGE_SIZE), null, null), all.size(), all);
            };
        } else {
            var query = new ContactQuery(text, sort.get(), ascending.get(), position, key, targetPage * PAGE_SIZE, limit);
            work = p -> new Loaded(contacts.page(query), contacts.countMatching(text), null);
        }
        tasks.run(null, work, loaded -> {
            if (request != pageRequest) {
                return;
            }
            loading.set(false);
            error.set("");
            listing = loaded.listing();
            total.set(loaded.total());
            page.set(targetPage);
            firstKey = loaded.page().firstKey();
            lastKey = loaded.page().lastKey();
            rows.setAll(loaded.page().rows());
        }, e -> {
            if (request == pageRequest) {
                loading.set(false);
                error.set(I18n.errorText(e));
            }
        });
    }

    /** Loads the profile of contact {@code id}; null clears it. */
    public void select(Long id) {
        long request = ++profileRequest;
        if (id == null) {
            profile.set(null);
            return;
        }
        tasks.run(null, p -> contacts.profile(id).orElse(null), loaded -> {
            if (request == profileRequest) {
                profile.set(loaded);
            }
        }, e -> error.set(I18n.errorText(e)));
    }

    /**
     * Creates ({@code id} null) or updates a contact. On success the table and profile refresh and
     * {@code onSaved} gets the id; a refused draft goes to {@code onInvalid}, other errors to {@code onError}.
     */
    public void save(Long id, ContactDraft draft, java.time.Instant seen, Consumer<Long> onSaved,
                     Consumer<ValidationException> onInvalid, Consumer<Throwable> onError) {
        tasks.run(null, p -> {
            if (id == null) {
                return contacts.create(draft);
            }
            contacts.update(id, draft, seen);
            return id;
        }, savedId -> {
            load(Position.OFFSET, page.get());
            select(savedId);
            onSaved.accept(savedId);
        }, e -> {
            if (e instanceof ValidationException invalid) {
                onInvalid.accept(invalid);
            } else {
                onError.accept(e);
            }
        });
    }

    /** Someone else's changes, a line each: "Email: ana@example.org — ana, 10:02". */
    public static String describe(java.util.List<org.registro.contact.EditConflictException.Change> changes) {
        return String.join("\n", changes.stream().map(c -> I18n.t("contact.edit.theirChange",
                org.registro.common.Messages.getOr("field." + c.field(), c.field()),
                c.value() == null || c.value().isBlank() ? "—" : c.value(), c.by() == null ? "?" : c.by(),
                I18n.dateTime(c.at()))).toList());
    }

    public void addTag(String tag) {
        ContactProfile current = profile.get();
        if (current == null || tag == null || tag.isBlank()) {
            return;
        }
        tasks.run(null, p -> {
            contacts.addTag(current.id(), tag);
            return current.id();
        }, this::select, e -> error.set(I18n.errorText(e)));
    }

    public void removeTag(String tag) {
        ContactProfile current = profile.get();
        if (current == null) {
            return;
        }
        tasks.run(null, p -> {
            contacts.removeTag(current.id(), tag);
            return current.id();
        }, this::select, e -> error.set(I18n.errorText(e)));
    }

    public ContactValidator validator() {
        return contacts.validator();
    }

    /** "1–100 of 1,234" for the pager. */
    public String rangeText() {
        long count = total.get();
        if (count == 0) {
            return I18n.t("contacts.range.none");
        }
        long from = (long) page.get() * PAGE_SIZE + 1;
        long to = from + rows.size() - 1;
        String of = !browsing() && count > SEARCH_CAP ? I18n.number(SEARCH_CAP) + "+" : I18n.number(count);
        return I18n.t("contacts.range", I18n.number(from), I18n.number(to), of);
    }

    public ObservableList<ContactSummary> rows() {
        return rows;
    }

    public ReadOnlyLongProperty totalProperty() {
        return total;
    }

    public ReadOnlyIntegerProperty pageProperty() {
        return page;
    }

    public IntegerBinding pageCountBinding() {
        return pageCount;
    }

    public ReadOnlyStringProperty searchProperty() {
        return search;
    }

    public ReadOnlyObjectProperty<String> segmentProperty() {
        return segment;
    }

    public ObservableList<String> segments() {
        return segments;
    }

    /** The optional columns shown, by id. */
    public ObservableList<String> shownColumns() {
        return FXCollections.unmodifiableObservableList(shownColumns);
    }

    public ReadOnlyObjectProperty<ContactSort> sortProperty() {
        return sort;
    }

    public ReadOnlyBooleanProperty ascendingProperty() {
        return ascending;
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyStringProperty errorProperty() {
        return error;
    }

    public ReadOnlyObjectProperty<ContactProfile> profileProperty() {
        return profile;
    }
}
