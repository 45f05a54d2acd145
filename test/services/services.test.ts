/**
 * The service helper itself: it finds Debian's binaries (PATH, then /usr/lib/postgresql/<major>/bin),
 * and without them it fails with what to install instead of skipping silently.
 */
import { describe, expect, it } from 'vitest';
import { findBinary, skipServices, startPostgres, startRedis } from './services.ts';

describe('test services', () => {
  it('without the binaries, starting fails and says what to install (no silent skip)', async () => {
    const nowhere = { searchPath: '', debianRoot: '/nonexistent-switchyard-root' };
    expect(findBinary('redis-server', nowhere.searchPath, nowhere.debianRoot)).toBeUndefined();
    await expect(startRedis(nowhere)).rejects.toThrow(
      /redis-server not found .*apt-get install -y redis-server.*SWITCHYARD_SKIP_SERVICES=1/,
    );
    await expect(startPostgres(nowhere)).rejects.toThrow(/initdb not found .*apt-get install -y postgresql/);
  });

  it.skipIf(skipServices)('finds initdb and postgres on PATH or in /usr/lib/postgresql/*/bin', () => {
    // Debian puts them only in the versioned folder: an empty PATH still finds them there.
    const initdb = findBinary('initdb', '') ?? findBinary('initdb');
    expect(initdb, 'install postgresql (apt-get install -y postgresql)').toBeDefined();
    expect(findBinary('postgres')).toBeDefined();
    expect(findBinary('redis-server'), 'install redis-server (apt-get install -y redis-server)').toBeDefined();
  });
});
