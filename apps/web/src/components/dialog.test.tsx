import { useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { initI18n } from '../i18n/index.ts';
import { useDirtyForm } from '../pwa/dirty-forms.ts';
import { Dialog } from './dialog.tsx';

function NotesSheet({ onClose }: { onClose: () => void }) {
  const [notes, setNotes] = useState('');
  useDirtyForm('notes-sheet', notes !== '');
  return (
    <Dialog title="添加调解记录" onClose={onClose}>
      <label>
        记录
        <textarea value={notes} onChange={(e) => setNotes(e.target.value)} />
      </label>
    </Dialog>
  );
}

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe('Dialog', () => {
  initI18n('zh-CN');
  const backdrop = () => document.querySelector('.dialog-backdrop')!;

  it('closes on the backdrop and on Escape at once while nothing was typed', () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const onClose = vi.fn();
    render(<NotesSheet onClose={onClose} />);
    fireEvent.click(backdrop());
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onClose).toHaveBeenCalledTimes(2);
    expect(confirm).not.toHaveBeenCalled();
  });

  it('asks before a stray tap or Escape throws typed input away, and keeps it when told to', () => {
    const confirm = vi.fn(() => false);
    vi.stubGlobal('confirm', confirm);
    const onClose = vi.fn();
    render(<NotesSheet onClose={onClose} />);
    fireEvent.change(screen.getByLabelText('记录'), { target: { value: '双方同意各让一步' } });
    fireEvent.click(backdrop());
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(confirm).toHaveBeenCalledWith('填写的内容还没有保存，确定放弃吗？');
    expect(onClose).not.toHaveBeenCalled();
    expect((screen.getByLabelText('记录') as HTMLTextAreaElement).value).toBe('双方同意各让一步');
    confirm.mockReturnValue(true);
    fireEvent.click(backdrop());
    expect(onClose).toHaveBeenCalledTimes(1);
  });
});
