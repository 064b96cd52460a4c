package io.mahaksync.catalog;

/** The value types a Mahak contract field can have, as the catalog names them. */
public enum FieldType {
    INT32, INT64, DOUBLE, BOOLEAN, STRING, TIMESTAMP;

    public static FieldType fromCatalog(String name) {
        return switch (name) {
            case "int32" -> INT32;
            case "int64" -> INT64;
            case "double" -> DOUBLE;
            case "boolean" -> BOOLEAN;
            case "string" -> STRING;
            case "timestamp" -> TIMESTAMP;
            default -> throw new IllegalArgumentException("Unknown catalog field type '" + name + "'");
        };
    }
}
