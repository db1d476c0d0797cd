/** An app's logo from its SVG markup, as an image (no markup injected into the page). */
export function AppLogo({ svg, size = 32 }: { svg: string; size?: number }) {
  return <img className="app-logo" src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`} width={size} height={size} alt="" />;
}
