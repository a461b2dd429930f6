/** The type database lives with the machine (src/base/typedb.ts): the kernel lays its objects out by it. */
export * from '../base/typedb.ts';
