import { secureHeaders } from 'hono/secure-headers';

/**
 * A real CSP for the PWA: scripts and connections only from our origin; photos may be blob:/data: previews;
 * inline styles are allowed because React style props and ECharts set them, inline scripts are not.
 */
export const securityHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'blob:', 'data:'],
    fontSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  },
  crossOriginEmbedderPolicy: false,
  referrerPolicy: 'no-referrer',
  permissionsPolicy: { camera: ['self'], geolocation: ['self'], microphone: [] },
});
