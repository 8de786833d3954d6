/**
 * The server history id during one exchange: the one this run sends (the one adopted; none while recovering from a
 * rewind), and the one heard in answers. Adopted by the engine only when push and pull both went through.
 */
export interface SyncHistory {
  readonly sent: string | null;
  readonly heard: string | null;
  /** The request body with the history id sent, when there is one. */
  withHistory<T extends object>(body: T): T & { historyId?: string };
  /** Notes the history id of an answer and returns the answer. */
  hear<T extends { historyId?: string | undefined }>(answer: T): T;
}

export function createSyncHistory(sent: string | null): SyncHistory {
  let heard: string | null = null;
  return {
    sent,
    get heard() {
      return heard;
    },
    withHistory: (body) => (sent ? { ...body, historyId: sent } : body),
    hear(answer) {
      if (answer.historyId) heard = answer.historyId;
      return answer;
    },
  };
}
