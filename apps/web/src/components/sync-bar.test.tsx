import { describe, expect, it } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import type { SyncStatus } from '../storage/index.ts';
import { syncBarState, type SyncBarInput } from './sync-bar-state.ts';
import { SyncBarView } from './sync-bar.tsx';

const idle: SyncStatus = { pending: 0, pendingPhotos: 0, attention: [], lastSuccessAt: '2025-03-02T02:00:00Z', lastError: null, syncing: false, resyncing: false, updateRequired: false };
const networkError = { code: 'NETWORK' as const, message: 'Failed to fetch', at: '2025-03-02T02:05:00Z' };
const conflict = { mutationId: 7, name: 'case.edit', caseId: 'c1', status: 'conflict' as const, code: 'EDIT_CONFLICT', message: '', at: '2025-03-02T02:05:00Z' };

function show(input: SyncBarInput) {
  const view = render(<SyncBarView state={syncBarState(input)} onSyncNow={() => undefined} />);
  const bar = screen.getByTestId('sync-bar');
  return { bar, text: bar.textContent ?? '', kind: bar.getAttribute('data-state'), button: screen.getByRole('button', { name: '立即同步' }) as HTMLButtonElement, unmount: view.unmount };
}

describe('sync bar: one state at a time, in words of its own', () => {
  it('while the phone re-syncs after the server was restored from a backup, a short note says so', () => {
    const resyncing = show({ online: true, status: { ...idle, syncing: true, resyncing: true } });
    expect(resyncing.kind).toBe('syncing');
    expect(resyncing.text).toContain('服务器已从备份恢复，正在重新同步本机数据');
    resyncing.unmount();
    expect(show({ online: true, status: { ...idle, syncing: true } }).text).not.toContain('服务器已从备份恢复');
  });

  it('a phone with a network that cannot reach the server says so, not "在线" beside "网络不可用"', () => {
    const { text, kind, button } = show({ online: true, status: { ...idle, pending: 3, lastError: networkError } });
    expect(kind).toBe('unreachable');
    expect(text).toContain('连不上服务器');
    expect(text).toContain('3 条待同步');
    expect(text).not.toMatch(/在线|网络不可用/);
    expect(button.disabled).toBe(false);
  });

  it('offline is its own state, with what is kept on the phone, and no sync button to press', () => {
    const { text, kind, bar, button } = show({ online: false, status: { ...idle, pending: 2 } });
    expect(kind).toBe('offline');
    expect(bar.className).toContain('syncbar--offline');
    expect(text).toContain('离线');
    expect(text).toContain('2 条改动保存在本机');
    expect(button.disabled).toBe(true);
  });

  it('never says "已保存在本机" when nothing waits: all synced says so, with the last sync', () => {
    const { text, kind } = show({ online: true, status: idle });
    expect(kind).toBe('synced');
    expect(text).toContain('已全部同步');
    expect(text).not.toContain('保存在本机');
    expect(text).toMatch(/上次同步 03-02 \d\d:00/);
  });

  it('syncing, pending and needs-attention each have their own state and words', () => {
    const states: [SyncBarInput, string, string][] = [
      [{ online: true, status: { ...idle, syncing: true, pending: 1 } }, 'syncing', '正在同步…'],
      [{ online: true, status: { ...idle, pending: 4 } }, 'pending', '4 条待同步'],
      [{ online: true, status: { ...idle, attention: [conflict] } }, 'attention', '1 条需处理'],
      [{ online: true, status: idle, attention: 2 }, 'attention', '2 条需处理'],
      [{ online: true, status: { ...idle, updateRequired: true } }, 'attention', '应用版本过旧'],
    ];
    const seen = new Set<string>();
    for (const [input, kind, words] of states) {
      const shown = show(input);
      expect(shown.kind).toBe(kind);
      expect(shown.text).toContain(words);
      seen.add(shown.bar.className);
      shown.unmount();
    }
    expect(seen.size).toBe(3);
    expect(screen.queryByTestId('sync-bar')).toBeNull();
  });

  it('opens the needs-attention list in the app (no page load, so no PIN again) and scrolls to it', () => {
    window.history.replaceState(null, '', '/');
    const scrolled: string[] = [];
    render(
      <>
        <SyncBarView state={syncBarState({ online: true, status: { ...idle, attention: [conflict] } })} onSyncNow={() => undefined} />
        <section id="attention" />
      </>,
    );
    const section = document.getElementById('attention')!;
    section.scrollIntoView = () => void scrolled.push(section.id);
    const link = screen.getByRole('link', { name: '1 条需处理' });
    expect(link.getAttribute('href')).toBe('/settings#attention');
    // fireEvent returns false when the click's default (a full page load) was prevented.
    expect(fireEvent.click(link)).toBe(false);
    expect([window.location.pathname, window.location.hash]).toEqual(['/settings', '#attention']);
    expect(scrolled).toEqual(['attention']);
    window.history.replaceState(null, '', '/');
  });

  it('gives every state its own icon shape', () => {
    const inputs: SyncBarInput[] = [
      { online: false, status: idle },
      { online: true, status: { ...idle, lastError: networkError } },
      { online: true, status: { ...idle, syncing: true } },
      { online: true, status: { ...idle, attention: [conflict] } },
      { online: true, status: { ...idle, pending: 1 } },
      { online: true, status: idle },
    ];
    const icons = new Set<string>();
    for (const input of inputs) {
      const shown = show(input);
      icons.add(shown.bar.querySelector('svg')?.innerHTML ?? '');
      shown.unmount();
    }
    expect(icons.size).toBe(6);
  });
});
