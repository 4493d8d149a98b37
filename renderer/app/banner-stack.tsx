/** Errors and notices the user must see, stacked under the toolbar until dismissed. */
import { useApp } from './store-context';
import { Icon } from '../components/icon';

export function BannerStack() {
  const banners = useApp((s) => s.banners);
  const dismiss = useApp((s) => s.dismissBanner);
  if (banners.length === 0) return null;
  return (
    <div className="banners">
      {banners.map((banner) => (
        <div key={banner.id} className={`banner banner-${banner.kind}`} role={banner.kind === 'error' ? 'alert' : 'status'}>
          <Icon name={banner.kind === 'error' ? 'alert' : 'info'} />
          <span className="banner-text">{banner.text}</span>
          <button type="button" className="icon-button" aria-label="Dismiss" onClick={() => dismiss(banner.id)}>
            <Icon name="close" size={14} />
          </button>
        </div>
      ))}
    </div>
  );
}
