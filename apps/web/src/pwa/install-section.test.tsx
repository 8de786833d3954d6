import { describe, expect, it } from 'vitest';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { InstallSection } from './install-section.tsx';

const chrome = 'Mozilla/5.0 (Linux; Android 12) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36';
const wechat = `${chrome} MicroMessenger/8.0.44.2502(0x28002C37) WeChat/arm64 Weixin NetType/4G`;

describe('添加到主屏幕', () => {
  it('tells a WeChat user to open the page in the system browser first', () => {
    render(<InstallSection userAgent={wechat} />);
    expect(screen.getByTestId('install-section').textContent).toContain('在浏览器打开');
    expect(screen.queryByRole('button', { name: '添加到主屏幕' })).toBeNull();
  });

  it('offers the browser’s own install dialog once the browser offers one, and opens it on tap', async () => {
    render(<InstallSection userAgent={chrome} />);
    expect(screen.getByTestId('install-section').textContent).toContain('浏览器菜单');
    let prompted = 0;
    const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
      prompt: async () => {
        prompted++;
      },
      userChoice: Promise.resolve({ outcome: 'accepted' as const }),
    });
    act(() => {
      window.dispatchEvent(offer);
    });
    expect(offer.defaultPrevented).toBe(true);
    fireEvent.click(await screen.findByRole('button', { name: '添加到主屏幕' }));
    await waitFor(() => expect(screen.getByTestId('install-section').textContent).toContain('已添加到主屏幕'));
    expect(prompted).toBe(1);
  });
});
