import { exportFileName, parseExportFile, type WorkspaceStore } from '../storage/index.ts';

/** Settings > Storage: counts, export to a JSON download, import from a chosen file. */
export class StoragePanel {
  counts = $state<{ strategies: number; results: number } | null>(null);
  busy = $state(false);
  message = $state<{ kind: 'ok' | 'error'; text: string } | null>(null);

  constructor(private readonly store: WorkspaceStore) {}

  async refresh(): Promise<void> {
    try {
      this.counts = await this.store.counts();
    } catch (err) {
      this.counts = null;
      this.message = { kind: 'error', text: `This browser's storage (IndexedDB) is not available: ${String(err)}` };
    }
  }

  /** Returns the file to download, or undefined after reporting an error. */
  async exportJson(now = Date.now()): Promise<{ name: string; text: string } | undefined> {
    this.busy = true;
    try {
      const file = await this.store.exportAll(now);
      this.message = { kind: 'ok', text: `Exported ${file.strategies.length} strategies and ${file.results.length} results.` };
      return { name: exportFileName(now), text: JSON.stringify(file, null, 1) };
    } catch (err) {
      this.message = { kind: 'error', text: `Export failed: ${String(err)}` };
      return undefined;
    } finally {
      this.busy = false;
    }
  }

  async importJson(text: string, mode: 'merge' | 'replace'): Promise<void> {
    const parsed = parseExportFile(text);
    if (!parsed.ok) {
      this.message = { kind: 'error', text: `Nothing was imported: ${parsed.error}` };
      return;
    }
    this.busy = true;
    try {
      const n = await this.store.importFile(parsed.file, mode);
      this.message = { kind: 'ok', text: `Imported ${n.strategies} strategies and ${n.results} results (${mode}).` };
      await this.refresh();
    } catch (err) {
      this.message = { kind: 'error', text: `Import failed, nothing was changed: ${String(err)}` };
    } finally {
      this.busy = false;
    }
  }

  async clear(): Promise<void> {
    this.busy = true;
    try {
      await this.store.clearAll();
      this.message = { kind: 'ok', text: 'Deleted every stored strategy and result in this browser.' };
      await this.refresh();
    } finally {
      this.busy = false;
    }
  }
}
