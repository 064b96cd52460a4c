package io.mahaksync.simulator;

/** The answer shape the simulator speaks. */
public enum Dialect {
    /** The real service: {@code Result/Code/Message/Data}, login {@code Data.UserToken}. */
    WIRE,
    /** The guide's samples: {@code success/code/message/data}, login {@code data.token/expireDate}. */
    GUIDE
}
