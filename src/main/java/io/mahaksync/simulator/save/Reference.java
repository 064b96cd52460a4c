package io.mahaksync.simulator.save;

import io.mahaksync.catalog.EntityDef;

/**
 * A foreign key of one entity to another, as the contract spells it: the parent's server id
 * ({@code personId}) and, where the model has them, its client id ({@code personClientId}) and Mahak code
 * ({@code personCode}). Any one of the three identifies the parent.
 */
public record Reference(EntityDef parent, String idField, String clientIdField, String codeField) {
}
