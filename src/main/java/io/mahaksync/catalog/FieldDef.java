package io.mahaksync.catalog;

/**
 * One field of a Mahak model: its name on the wire (contract spelling, typos included), its type,
 * and the snake_case column that holds it in the target database.
 */
public record FieldDef(String name, FieldType type, String column, boolean readOnly) {
}
