import { openRoomOf } from '../../domain/incident-room.js';
import type { Ticket } from '../../domain/ticket.js';
import type { MessageRecord } from '../../store/message-records.js';
import type { DesiredMessage } from './desired-message.js';
import { MESSAGE_KEYS } from './message-keys.js';

export interface Place {
  channel: string;
  threadTs?: string;
}

/**
 * Where a message goes, from the incident's one resolved room: its own channel while it has one
 * (until archived: later posts go back to the main channel's thread), else the main channel.
 * Undefined while its parent is not posted yet, or while the thread waits for the room's decision.
 */
export function placeOf(
  placement: DesiredMessage['placement'],
  ticket: Pick<Ticket, 'channel' | 'room'>,
  records: ReadonlyMap<string, MessageRecord>,
  holdThread = false,
): Place | undefined {
  const main = ticket.channel;
  if (main === null) return undefined;
  const room = openRoomOf(ticket);
  const usableRoom = room && !room.archivedAt ? room : undefined;
  const under = (key: string): Place | undefined => {
    const parent = records.get(key);
    return parent ? { channel: parent.channel, threadTs: parent.ts } : undefined;
  };
  switch (placement) {
    case 'root':
      return { channel: main };
    case 'room-root':
      return usableRoom ? { channel: usableRoom.channel } : undefined;
    case 'main-thread':
      return under(MESSAGE_KEYS.card);
    case 'thread':
      if (holdThread) return undefined;
      return under(usableRoom ? MESSAGE_KEYS.roomCard : MESSAGE_KEYS.card);
  }
}
