import { DataLayerError } from '../../adapters/kit/errors';
import type { CaseChannel } from './model';

const CHANNELS: Record<string, CaseChannel> = {
  counter: 'COUNTER',
  portal: 'PORTAL',
  terminal: 'TERMINAL',
  app: 'APP',
};

/** The case channel of the request (`x-channel`, passed on by the gateway), or null when it named none. */
export function requestChannel(channel: string): CaseChannel | null {
  return CHANNELS[channel.toLowerCase()] ?? null;
}

/** The channel a case is opened at: a write must say where it comes from. */
export function requireChannel(channel: string): CaseChannel {
  const c = requestChannel(channel);
  if (c) return c;
  throw new DataLayerError(
    'INVALID_ARGUMENT',
    `the request names no channel (${JSON.stringify(channel)}): send the x-channel header with counter, portal, terminal or app`,
    { department: 'service-center' },
  );
}
