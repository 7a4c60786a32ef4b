<?php
/**
 * The embed snippet of WIDGET.md, built from a block's or shortcode's attributes.
 *
 * @package BookSprintz
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

/**
 * Inline: `<book-sprintz tenant="…">`, with the element's module script enqueued once per
 * page however many widgets it shows. Popup: `embed.js` with `data-mode="popup"`, a button
 * where the block is (the script tag is the button's configuration, so each has its own;
 * the browser fetches the file once). Button: `embed.js` with `data-mode="button"`, the
 * floating button, once per page. Every value is escaped; nothing is fetched from PHP.
 */
class BookSprintz_Snippet {
	const SCRIPT_HANDLE = 'booksprintz-widget';
	const MODES         = array( 'inline', 'popup', 'button' );

	/**
	 * Whether a floating button has been printed on this page already.
	 *
	 * @var bool
	 */
	private static $floating_printed = false;

	/**
	 * The attributes a block or shortcode may set, with their defaults.
	 *
	 * @return array<string, string>
	 */
	public static function defaults() {
		return array(
			'mode'     => 'inline',
			'service'  => '',
			'staff'    => '',
			'location' => '',
			'locale'   => '',
			'label'    => '',
			'color'    => '',
		);
	}

	/**
	 * Registers the filter that makes the widget's script a module.
	 */
	public static function register() {
		add_filter( 'script_loader_tag', array( __CLASS__, 'module_tag' ), 10, 2 );
	}

	/**
	 * `<script type="module">` for the widget's handle (WordPress 6.2 has no module API).
	 *
	 * @param string $tag    The tag WordPress built.
	 * @param string $handle Its handle.
	 * @return string
	 */
	public static function module_tag( $tag, $handle ) {
		if ( self::SCRIPT_HANDLE !== $handle ) {
			return $tag;
		}
		$tag = preg_replace( '/\stype=(["\'])[^"\']*\1/', '', $tag );
		return str_replace( '<script ', '<script type="module" ', $tag );
	}

	/**
	 * The HTML for one widget.
	 *
	 * @param array<string, mixed> $attributes Block or shortcode attributes.
	 * @return string
	 */
	public static function render( $attributes ) {
		$options = BookSprintz_Options::get();
		$values  = self::clean( is_array( $attributes ) ? $attributes : array() );
		if ( '' === $options['tenant'] || '' === $options['host'] ) {
			return self::not_configured();
		}
		$host = $options['host'];

		if ( 'inline' === $values['mode'] ) {
			wp_enqueue_script( self::SCRIPT_HANDLE, $host . '/widget/v1/book-sprintz.js', array(), null, true ); // phpcs:ignore WordPress.WP.EnqueuedResourceParameters.MissingVersion -- /widget/v1/ is the host's own "newest 1.x" URL.
			$html = '<book-sprintz tenant="' . esc_attr( $options['tenant'] ) . '"';
			foreach ( array( 'service', 'staff', 'location', 'locale' ) as $name ) {
				if ( '' !== $values[ $name ] ) {
					$html .= ' ' . $name . '="' . esc_attr( $values[ $name ] ) . '"';
				}
			}
			if ( '' !== $values['color'] ) {
				$html .= ' style="' . esc_attr( '--bs-color-primary: ' . $values['color'] ) . '"';
			}
			return $html . '></book-sprintz>';
		}

		if ( 'button' === $values['mode'] ) {
			if ( self::$floating_printed ) {
				return '';
			}
			self::$floating_printed = true;
		}
		$script = array(
			'src'         => $host . '/widget/v1/embed.js',
			'data-tenant' => $options['tenant'],
			'data-mode'   => $values['mode'],
			'data-label'  => '' !== $values['label'] ? $values['label'] : __( 'Book now', 'booksprintz' ),
		);
		foreach ( array( 'service', 'staff', 'location', 'locale', 'color' ) as $name ) {
			if ( '' !== $values[ $name ] ) {
				$script[ 'data-' . $name ] = $values[ $name ];
			}
		}
		$script['async'] = true;
		$html            = '<script';
		foreach ( $script as $name => $value ) {
			$html .= true === $value ? ' ' . $name : ' ' . $name . '="' . ( 'src' === $name ? esc_url( $value ) : esc_attr( $value ) ) . '"';
		}
		$html .= '></script>';
		// embed.js puts its button right after its tag: a block-level box keeps it in the
		// content column of themes that constrain their blocks' width.
		return 'popup' === $values['mode'] ? '<div class="booksprintz-popup">' . $html . '</div>' : $html;
	}

	/**
	 * Known attributes as strings; an unknown mode is inline, a colour that is not a hex
	 * colour is dropped (it ends up in CSS).
	 *
	 * @param array<string, mixed> $attributes Raw attributes.
	 * @return array<string, string>
	 */
	private static function clean( $attributes ) {
		$values = array();
		foreach ( self::defaults() as $name => $default ) {
			$value           = isset( $attributes[ $name ] ) && is_scalar( $attributes[ $name ] ) ? trim( (string) $attributes[ $name ] ) : $default;
			$values[ $name ] = $value;
		}
		if ( ! in_array( $values['mode'], self::MODES, true ) ) {
			$values['mode'] = 'inline';
		}
		if ( ! preg_match( '/^#[0-9a-fA-F]{3,8}$/', $values['color'] ) ) {
			$values['color'] = '';
		}
		return $values;
	}

	/**
	 * Visitors see nothing; people who can fix it see where.
	 *
	 * @return string
	 */
	private static function not_configured() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return '<!-- BookSprintz: no business configured -->';
		}
		return '<p class="booksprintz-notice">' . sprintf(
			/* translators: %s: link to the settings page */
			esc_html__( 'BookSprintz: choose your business in %s to show the booking widget here.', 'booksprintz' ),
			'<a href="' . esc_url( admin_url( 'options-general.php?page=booksprintz' ) ) . '">' . esc_html__( 'Settings → BookSprintz', 'booksprintz' ) . '</a>'
		) . '</p>';
	}
}
