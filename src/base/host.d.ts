/**
 * The one host function the engine layers use beyond ECMAScript: every place they run
 * (browsers, workers, Node 22) has it. Declared here because the engine's type check
 * (tsconfig.engine.json) sees no DOM and no Node types.
 */
declare function structuredClone<T>(value: T): T;
