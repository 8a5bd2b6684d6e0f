package org.registro.identity;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.registro.db.tables.records.ContactRecord;

/** What one merge of a round changes, worked out before anything is written; filled as the round writes. */
final class MergeChange {
    final ContactMerge.Request request;
    final ContactRecord s;
    final ContactRecord m;
    final Map<String, String> before = new LinkedHashMap<>();
    final Map<String, String> after = new LinkedHashMap<>();
    final List<String> changedKeys = new ArrayList<>();
    final boolean dncBefore;
    final List<MergeService.SavedProvenance> provenanceBefore = new ArrayList<>();
    final List<String> addedProvenance = new ArrayList<>();
    final Map<Long, Boolean> primaryBefore = new HashMap<>();
    final List<Long> addedHistory = new ArrayList<>();
    final List<MergeService.SavedValue> valuesBefore = new ArrayList<>();
    final List<Long> addedValueFields = new ArrayList<>();
    final List<Long> enrolments = new ArrayList<>();
    final List<Long> resolvedConflicts = new ArrayList<>();

    MergeChange(ContactMerge.Request request, ContactRecord s, ContactRecord m, boolean dncBefore) {
        this.request = request;
        this.s = s;
        this.m = m;
        this.dncBefore = dncBefore;
    }

    long survivor() {
        return request.survivorId();
    }

    long merged() {
        return request.mergedId();
    }
}
