import os from 'node:os';

/**
 * Who the CLI records as publisher when `--as` is not given: `$USER@hostname` from the OS
 * (os.userInfo, which also works where USER is not set, e.g. under systemd), so every landed
 * change names a person or a machine account.
 */
export function defaultPublisher(env: NodeJS.ProcessEnv = process.env): string {
  let user = env.USER || env.USERNAME;
  if (!user) {
    try {
      user = os.userInfo().username;
    } catch {
      user = 'unknown';
    }
  }
  return `${user}@${os.hostname()}`;
}
