/**
 * Watches a config file for changes: fs.watch on its folder (editors and `routing set`
 * replace the file by rename, which a watch on the file itself would miss), filtered by
 * name, debounced, and handed the new text only when it differs from the last one seen.
 */
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface ConfigWatcher {
  close(): void;
}

export function watchConfigFile(
  path: string,
  initialText: string | undefined,
  onText: (text: string) => void,
  debounceMs = 150,
): ConfigWatcher {
  const name = basename(path);
  let lastText = initialText;
  let timer: NodeJS.Timeout | undefined;
  const check = (): void => {
    timer = undefined;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return; // mid-rename or deleted: the next event brings it back
    }
    if (text === lastText) return;
    lastText = text;
    onText(text);
  };
  const watcher: FSWatcher = watch(dirname(path), { persistent: false }, (_event, changed) => {
    if (changed !== null && changed.toString() !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  });
  watcher.on('error', () => undefined);
  return {
    close(): void {
      if (timer) clearTimeout(timer);
      watcher.close();
    },
  };
}
