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

/**
 * The contacts browser: one page of rows at a time from the database, a quick search, server-side
 * sorting, and the selected contact's profile. Every query runs through the task runner; an answer
 * to an older request is dropped, so fast typing never shows stale rows.
 */
public final class ContactsViewModel {

    public static final int PAGE_SIZE = 100;
    /** Quick search shows up to this many matches; beyond it the count reads "1,000+". */
    public static final long SEARCH_CAP = ContactService.SEARCH_LIMIT;

    private final ContactService contacts;
    private final TaskRunner tasks;

    private final ObservableList<ContactSummary> rows = FXCollections.observableArrayList();
    private final LongProperty total = new SimpleLongProperty(this, "total");
    private final IntegerProperty page = new SimpleIntegerProperty(this, "page");
    private final IntegerBinding pageCount;
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ObjectProperty<ContactSort> sort = new SimpleObjectProperty<>(this, "sort", ContactSort.NAME);
    private final BooleanProperty ascending = new SimpleBooleanProperty(this, "ascending", true);
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final StringProperty error = new SimpleStringProperty(this, "error", "");
    private final ObjectProperty<ContactProfile> profile = new SimpleObjectProperty<>(this, "profile");
    private List<Object> firstKey;
    private List<Object> lastKey;
    private long pageRequest;
    private long profileRequest;

    private record Loaded(ContactPage page, long total) {
    }

    public ContactsViewModel(ContactService contacts, TaskRunner tasks) {
        this.contacts = contacts;
        this.tasks = tasks;
        this.pageCount = Bindings.createIntegerBinding(
                () -> (int) Math.max(1, (shownTotal() + PAGE_SIZE - 1) / PAGE_SIZE), total, search);
    }

    public void search(String text) {
        search.set(text == null ? "" : text);
        load(Position.OFFSET, 0);
    }

    public void sortBy(ContactSort column, boolean asc) {
        sort.set(column);
        ascending.set(asc);
        load(Position.OFFSET, 0);
    }

    /**
     * Next and previous pages seek from the current page's boundary row, and the last page reads the
     * order backwards, so every move costs the same at any depth. Search results are few and use offsets.
     */
    public void nextPage() {
        int next = page.get() + 1;
        if (next < pageCount.get()) {
            load(browsing() && lastKey != null ? Position.AFTER : Position.OFFSET, next);
        }
    }

    public void previousPage() {
        int previous = page.get() - 1;
        if (previous >= 0) {
            load(browsing() && previous > 0 && firstKey != null ? Position.BEFORE : Position.OFFSET, previous);
        }
    }

    public void firstPage() {
        load(Position.OFFSET, 0);
    }

    public void lastPage() {
        int last = pageCount.get() - 1;
        load(browsing() ? Position.LAST : Position.OFFSET, last);
    }

    public void refresh() {
        load(Position.OFFSET, page.get());
        ContactProfile current = profile.get();
        if (current != null) {
            select(current.id());
        }
    }

    private boolean browsing() {
        return search.get().isBlank();
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
        var query = new ContactQuery(text, sort.get(), ascending.get(), position, key, targetPage * PAGE_SIZE, limit);
        loading.set(true);
        tasks.run(null, p -> new Loaded(contacts.page(query), contacts.countMatching(text)), loaded -> {
            if (request != pageRequest) {
                return;
            }
            loading.set(false);
            error.set("");
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
    public void save(Long id, ContactDraft draft, Consumer<Long> onSaved, Consumer<ValidationException> onInvalid,
                     Consumer<Throwable> onError) {
        tasks.run(null, p -> {
            if (id == null) {
                return contacts.create(draft);
            }
            contacts.update(id, draft);
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
