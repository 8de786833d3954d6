import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { navigate } from '../app/router.ts';
import { showToast, Toaster } from './toast.tsx';

afterEach(() => window.history.replaceState(null, '', '/'));

describe('the toast', () => {
  it('stays on the screen that saved, and goes when the worker moves to another', () => {
    render(<Toaster />);
    act(() => {
      showToast('已保存在本机');
      navigate('/cases/c1');
    });
    expect(screen.getByText('已保存在本机')).toBeTruthy();
    act(() => navigate('/cases/c1/file'));
    expect(screen.queryByText('已保存在本机')).toBeNull();
    act(() => showToast('已保存'));
    expect(screen.getByText('已保存')).toBeTruthy();
  });
});
