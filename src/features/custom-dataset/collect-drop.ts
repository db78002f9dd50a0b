// Turns a drop (files, folders, zips) or a file/folder picker's list into import sources with
// their paths inside the drop. Folders are walked through the File and Directory Entries API
// (webkitGetAsEntry), which also reveals empty folders so they can be reported.

import type { ImportSource } from '../../worker/protocol';

export interface CollectedFiles {
  readonly sources: ImportSource[];
  readonly emptyFolders: string[];
}

/** Files from an <input type="file"> (with or without webkitdirectory). */
export function collectInputFiles(files: FileList | readonly File[]): CollectedFiles {
  const sources = Array.from(files, (file) => ({
    path: file.webkitRelativePath || file.name,
    file,
  }));
  return { sources, emptyFolders: [] };
}

/** Everything dropped: files, whole folders (walked), zips (opened later, in the worker). */
export async function collectDrop(transfer: DataTransfer): Promise<CollectedFiles> {
  const entries = Array.from(transfer.items)
    .filter((item) => item.kind === 'file')
    .map((item) => item.webkitGetAsEntry?.() ?? null);
  // Without entry support, fall back to the flat file list (no folders).
  if (entries.length === 0 || entries.some((e) => e === null)) {
    return collectInputFiles(transfer.files);
  }
  const out: CollectedFiles = { sources: [], emptyFolders: [] };
  for (const entry of entries) await walk(entry!, out);
  return out;
}

async function walk(entry: FileSystemEntry, out: CollectedFiles): Promise<void> {
  const path = entry.fullPath.replace(/^\//, '');
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) =>
      (entry as FileSystemFileEntry).file(resolve, reject),
    );
    out.sources.push({ path, file });
    return;
  }
  if (!entry.isDirectory) return;
  const children = await readAll((entry as FileSystemDirectoryEntry).createReader());
  if (children.length === 0) {
    out.emptyFolders.push(`${path}/`);
    return;
  }
  for (const child of children) await walk(child, out);
}

/** readEntries returns at most ~100 entries per call: read until it returns none. */
async function readAll(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  const all: FileSystemEntry[] = [];
  for (;;) {
    const batch = await new Promise<FileSystemEntry[]>((resolve, reject) =>
      reader.readEntries(resolve, reject),
    );
    if (batch.length === 0) return all;
    all.push(...batch);
  }
}
