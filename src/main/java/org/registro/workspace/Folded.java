package org.registro.workspace;

import org.jooq.Context;
import org.jooq.Field;
import org.jooq.SQLDialect;
import org.jooq.impl.CustomField;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Text in lower (or upper) case for comparing what the user typed, whatever the store: H2 folds every letter;
 * PostgreSQL folds by the column's collation, and a team workspace's text is collated by code point ("C", so that
 * it sorts and searches as in H2), under which only A–Z would fold ("MÁLAGA" → "mÁlaga"). There the folding is
 * done under ICU's root collation, which every PostgreSQL built with ICU has.
 */
public final class Folded extends CustomField<String> {

    private final Field<String> text;
    private final boolean upper;

    private Folded(Field<String> text, boolean upper) {
        super(DSL.name(upper ? "upper" : "lower"), SQLDataType.VARCHAR);
        this.text = text;
        this.upper = upper;
    }

    public static Field<String> lower(Field<String> text) {
        return new Folded(text, false);
    }

    public static Field<String> upper(Field<String> text) {
        return new Folded(text, true);
    }

    @Override
    public void accept(Context<?> ctx) {
        if (ctx.family() == SQLDialect.POSTGRES) {
            ctx.visit(DSL.field(upper ? "upper({0} collate \"und-x-icu\")" : "lower({0} collate \"und-x-icu\")",
                    String.class, text));
        } else {
            ctx.visit(upper ? DSL.upper(text) : DSL.lower(text));
        }
    }
}
