// Types of scripts/build-server.mjs for the TypeScript that imports it (the gateway bench).
export declare const SERVER_BUNDLE: string;
export declare function bundle(entry: string, outfile: string): Promise<string[]>;
export declare function ensureServerBuilt(options?: { quiet?: boolean }): Promise<string>;
export declare function newestMtime(...paths: string[]): number;
