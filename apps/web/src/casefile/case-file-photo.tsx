import { useEffect, useState } from 'react';
import { photoKinds, type PhotoRef } from '@tiaojie/domain';
import { useLocalStore } from '../app/store-context.tsx';
import { photoBlob } from '../photos/photo-blob.ts';

/** A photo printed with its document (the signed agreement), from the phone or the server. */
export function CaseFilePhoto({ photo }: { photo: PhotoRef }) {
  const store = useLocalStore();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    void photoBlob((sha) => store.getPhotoBlob(sha), photo.sha256).then((blob) => {
      if (!alive || !blob) return;
      objectUrl = URL.createObjectURL(blob);
      setUrl(objectUrl);
    });
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [store, photo.sha256]);
  const label = photoKinds.label(photo.kind, 'zh-CN');
  return <figure className="casefile-photo">{url ? <img src={url} alt={label} /> : null}<figcaption>{label}</figcaption></figure>;
}
